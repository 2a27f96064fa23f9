import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticStore } from "./synthetic.ts";
import { all, exec, type Store } from "../../../lib/store/index.ts";
import {
  fitModel,
  saveModel,
  loadModel,
  scoreLeads,
  scoringSql,
  type ModelArtifact,
} from "../../../lib/model/index.ts";
import { explain, reasonsSql } from "../../../lib/explain/index.ts";
import { rubricScoreSql } from "../../../lib/scorecard/index.ts";

let store: Store;
let model: ModelArtifact;
const dir = mkdtempSync(join(tmpdir(), "leadlens-score-"));

beforeAll(async () => {
  store = await syntheticStore(4000);
  model = await fitModel(store.conn, { penalty_grid: [0.3, 3] });
  await saveModel(store.conn, model);
  // Leads with odd values, added after fitting: every one must score as the conditions say.
  await exec(
    store.conn,
    `INSERT INTO leads (lead_id, created_at, channel, source, run_id, industry, visits) VALUES
    ('odd1', NULL, 'EMAIL ', 's', 'r', 'NaN', CAST('NaN' AS DOUBLE)), ('odd2', NULL, '', 's', 'r', ' nan', 3),
    ('odd3', NULL, NULL, 's', 'r', '   ', -1), ('odd4', NULL, 'fax', 's', 'r', 'quarrying', 1e9), ('odd5', NULL, 'Search', 's', 'r', 'SOFTWARE', 2)`,
  );
});
afterAll(async () => store.close());

const rubric = (m: ModelArtifact) => ({
  base: m.points.base,
  attributes: m.attributes.map((a) => ({ name: a.name, role: a.role, levels: a.levels })),
});

describe("scoring in DuckDB", () => {
  it("stores the model and reads the latest back", async () => {
    const back = await loadModel(store.conn);
    expect(back.model_id).toBe(model.model_id);
    expect(back.attributes).toEqual(model.attributes);
  });
  it("scores every lead; points = base + Σ level points, the same as the scorecard's own SQL and explain()", async () => {
    const r = await scoreLeads(store.conn, model, { out: join(dir, "scores.csv") });
    expect(r.leads).toBe(4005);
    const rows = await all<{
      lead_id: string;
      points: number;
      ref: number;
      probability: number;
      reasons: string;
      ref_reasons: string;
      grade: string;
    }>(
      store.conn,
      `SELECT s.lead_id, s.points, s.probability, s.reasons, s.grade, ${rubricScoreSql(rubric(model))} AS ref, ${reasonsSql(rubric(model))} AS ref_reasons
       FROM scores s JOIN leads USING (lead_id) WHERE s.model_id = $1`,
      [model.model_id],
    );
    expect(rows.length).toBe(4005);
    const table = new Map(model.points_table.map((t) => [t.points, t.probability]));
    for (const row of rows) {
      expect(row.points).toBe(row.ref);
      expect(row.probability).toBe(table.get(row.points));
      expect(JSON.parse(row.reasons)).toEqual(JSON.parse(row.ref_reasons));
      expect(row.grade).toMatch(/^[A-D][1-4]$/);
    }
    const leads = await all<Record<string, unknown>>(
      store.conn,
      "SELECT * FROM leads WHERE lead_id LIKE 'odd%' OR lead_id < 'L105' ORDER BY lead_id",
    );
    expect(leads.length).toBeGreaterThan(10);
    const scored = new Map(rows.map((r) => [r.lead_id, r]));
    for (const lead of leads)
      expect(explain(rubric(model), lead).points).toBe(scored.get(lead.lead_id as string)!.points);
    const csv = readFileSync(join(dir, "scores.csv"), "utf8").trim().split("\n");
    // Text columns are always quoted (formula-injection guard, lib/csv), the header's names too.
    expect(csv[0]).toBe('"lead_id","model_id",probability,points,fit_points,intent_points,"grade","reasons",scored_at');
    expect(csv.length).toBe(4006);
  });
  it("replaces the model's rows on a second run and writes Parquet", async () => {
    await scoreLeads(store.conn, model, { out: join(dir, "scores.parquet"), reasons: false });
    const n = await all<{ n: number; r: number }>(
      store.conn,
      "SELECT count(*) AS n, count(reasons) AS r FROM scores WHERE model_id = $1",
      [model.model_id],
    );
    expect(n[0]).toEqual({ n: 4005, r: 0 });
    const p = await all<{ n: number }>(
      store.conn,
      `SELECT count(*) AS n FROM read_parquet('${join(dir, "scores.parquet")}')`,
    );
    expect(p[0].n).toBe(4005);
  });
  it("is one set-based SELECT", () => {
    const sql = scoringSql(model);
    expect(sql.startsWith("WITH vals AS")).toBe(true);
    expect(sql).not.toContain("JOIN"); // levels, points, probability and grade are per-lead expressions
  });
  it("refuses an output that is neither CSV nor Parquet", async () => {
    await expect(scoreLeads(store.conn, model, { out: join(dir, "x.xlsx") })).rejects.toThrow(/\.csv or \.parquet/);
  });
});
