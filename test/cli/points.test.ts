import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { realStore, EXAMPLES, ROOT } from "../lib/scorecard/realStores.ts";
import { all } from "../../lib/store/index.ts";
import { fromCsv, rubricScore } from "../../lib/scorecard/index.ts";
import { runInProcess } from "./inProcess.ts";

// One Olist store with a fitted model, closed before the CLI (a separate process) opens it.
let db = "";
let dir = "";
let ids: string[] = [];
// Output checks run in-process (no Node start per call); exit codes are checked on a real process.
const inProcess = runInProcess;
const run = (...args: string[]) =>
  spawnSync("node", ["cli/leadlens.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });

beforeAll(async () => {
  const r = await realStore("olist");
  db = r.path;
  dir = dirname(db);
  ids = (await all<{ lead_id: string }>(r.store.conn, "SELECT lead_id FROM leads ORDER BY lead_id LIMIT 2")).map(
    (x) => x.lead_id,
  );
  await r.store.close();
});

describe("leadlens points", () => {
  it("exports the points as CSV a CRM admin can enter, and reads it back", async () => {
    const r = await inProcess("points", "export", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("attribute,condition,points");
    expect(lines[1]).toMatch(/^\(base\),,\d+$/);
    const card = fromCsv(r.stdout);
    expect(card.attributes.map((a) => a.name)).toEqual(["landing_page_id", "channel"]);
    expect(card.attributes[1].levels.some((l) => l.condition.kind === "other")).toBe(true);
  });

  it("exports JSON with roles, scaling and the points → probability table to --out", async () => {
    const out = join(dir, "points.json");
    const r = await inProcess("points", "export", "--db", db, "--format", "json", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(out, "utf8"));
    expect(j.format).toBe("leadlens-points");
    expect(j.attributes[1]).toMatchObject({ name: "channel", role: "intent.behavioral" });
    expect(j.scaling.pdo).toBe(20);
    expect(j.probability_table.length).toBeGreaterThan(10);
  });

  it("compares the example rubric with the model on held-out leads (--json)", async () => {
    const r = await inProcess(
      "points",
      "compare",
      "--rubric",
      join(EXAMPLES, "rubric-olist.csv"),
      "--mql",
      "8",
      "--db",
      db,
      "--json",
    );
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.validation).toBe("out_of_time");
    expect(c.auc.rubric.auc).toBeGreaterThan(0.4);
    expect(c.auc.model.low).toBeLessThan(c.auc.model.auc);
    expect(c.gains).toHaveLength(3);
    expect(c.mql.rubric.threshold).toBe(8);
  });

  it("rejects a bad rubric with exit 1 and the row and column", () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "attribute,condition,points\nchannel,= email,5\norigin,= email,lots\n");
    const r = run("points", "compare", "--rubric", bad, "--db", db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv, row 3, column (attribute|points)/);
  });
});

describe("leadlens explain", () => {
  it("breaks each lead's points into base + contributions (--json) and names missing ids", async () => {
    const r = await inProcess("explain", ids[0], ids[1], "no-such-lead", "--db", db, "--json", "--top", "1");
    expect(r.status, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.missing).toEqual(["no-such-lead"]);
    expect(o.leads).toHaveLength(2);
    for (const e of o.leads) {
      expect(e.base + e.contributions.reduce((s: number, c: { points: number }) => s + c.points, 0)).toBe(e.points);
      expect(e.top_positive.length + e.top_negative.length).toBeLessThanOrEqual(2);
      expect(e.probability).toBeGreaterThan(0);
    }
    const none = run("explain", "no-such-lead", "--db", db);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/No lead with id "no-such-lead"/);
  });
});

describe("leadlens analyze qualify", () => {
  it("reports grades, thresholds, rules and a framework as one JSON object", async () => {
    const r = await inProcess(
      "analyze",
      "qualify",
      "--db",
      db,
      "--json",
      "--rules",
      join(EXAMPLES, "rules-olist.yml"),
      "--framework",
      "bant",
      "--capacity",
      "30/week",
      "--deal-value",
      "2000",
      "--contact-cost",
      "100",
    );
    expect(r.status, r.stderr).toBe(0);
    const q = JSON.parse(r.stdout);
    expect(q.grades.cells).toHaveLength(16);
    expect(q.grades.readings.map((x: { reading: string }) => x.reading)).toEqual(["excellent", "good", "bad"]);
    expect(q.thresholds.sql.weekly_leads).toBeLessThanOrEqual(30);
    expect(q.thresholds.mql.threshold).toBeLessThanOrEqual(q.thresholds.sql.threshold);
    expect(q.rules.rules.map((x: { name: string }) => x.name)).toEqual(["no-origin", "social-only"]);
    expect(q.framework.criteria.find((c: { key: string }) => c.key === "budget").status).toBe("after_outcome");
    expect(q.notes.join(" ")).toMatch(/no fit\.\* attributes/);
  });

  it("explains user mistakes in one paragraph with exit 1", () => {
    const bad = join(dir, "rules.yml");
    writeFileSync(bad, "rules:\n  - name: x\n    reason: y\n    when: chanel = email\n");
    const r = run("analyze", "qualify", "--db", db, "--rules", bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/rule "x", when: leads have no attribute "chanel"/);
    expect(run("analyze", "qualify", "--db", db, "--framework", "spin").stderr).toMatch(/not a built-in framework/);
  });
});

// The example rubric is plain CSV anyone can read: check a hand computation against rubricScore.
describe("example rubric", () => {
  it("scores by hand as documented", () => {
    const r = fromCsv(readFileSync(join(EXAMPLES, "rubric-x-education.csv"), "utf8"));
    expect(
      rubricScore(r, {
        lead_origin: "Lead Add Form",
        current_occupation: "Working Professional",
        total_visits: 6,
        country: "India",
      }),
    ).toBe(20 + 20 + 10 + 5);
  });
});
