import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { syntheticStore } from "./synthetic.ts";
import { all, exec, type Store } from "../../../lib/store/index.ts";
import { fitModel, scoringSql, type ModelArtifact } from "../../../lib/model/index.ts";
import { encodeSql, leadsRelation, type EncodedAttribute } from "../../../lib/features/index.ts";
import { reasonsSql } from "../../../lib/explain/index.ts";
import { gradeSql } from "../../../lib/qualify/grade.ts";

// scoringSql reads categorical levels from per-attribute DISTINCT-value maps joined on the raw text;
// these must give exactly what the plain per-lead CASE (encodeSql) gives, on awkward values too.
let store: Store;
let model: ModelArtifact;

beforeAll(async () => {
  store = await syntheticStore(3000);
  model = await fitModel(store.conn, { penalty_grid: [1] });
  await exec(store.conn, `INSERT INTO leads (lead_id, created_at, channel, source, run_id, industry, visits) VALUES
    ('odd1', NULL, 'EMAIL ', 's', 'r', 'NaN', CAST('NaN' AS DOUBLE)), ('odd2', NULL, '', 's', 'r', ' nan', 3),
    ('odd3', NULL, NULL, 's', 'r', '   ', -1), ('odd4', NULL, 'fax', 's', 'r', 'quarrying', 1e9),
    ('odd5', NULL, ' Search', 's', 'r', 'SOFTWARE', NULL), ('odd6', NULL, 'nan', 's', 'r', 'nan', CAST('-inf' AS DOUBLE)),
    ('odd7', NULL, 'social', 's', 'r', NULL, CAST('NaN' AS DOUBLE)), ('odd8', NULL, 'e''mail', 's', 'r', ' Finance', 0)`);
});
afterAll(async () => store.close());

/** The plain scoring: every lead's level by its own CASE, points by level, the same totals and grade. */
function plainSql(m: ModelArtifact, relation = "leads"): string {
  const pts = m.attributes.map((a) => {
    const level = encodeSql({ ...a, informationValue: a.information_value } as EncodedAttribute);
    return `CAST(CASE ${level} ${a.levels.map((l, i) => `WHEN ${i} THEN ${l.points}`).join(" ")} ELSE 0 END AS INTEGER)`;
  });
  const sum = (role: string) => m.attributes.map((a, j) => (a.role.startsWith(role) ? pts[j] : "0")).join(" + ");
  const rubric = { base: m.points.base, attributes: m.attributes.map((a) => ({ name: a.name, role: a.role, levels: a.levels })) };
  return `SELECT lead_id, ${m.points.base} + ${sum("")} AS points, ${sum("fit.")} AS fit_points, ${sum("intent.")} AS intent_points,
    ${gradeSql(`(${sum("fit.")})`, `(${sum("intent.")})`, m.grade_cuts)} AS grade, ${reasonsSql(rubric)} AS reasons FROM ${relation}`;
}

describe("scoring by distinct-value maps", () => {
  it("equals the plain per-lead CASE for every lead, including NULL, unseen, odd-case/blank and NaN values", async () => {
    expect(scoringSql(model)).toContain("SELECT DISTINCT");
    const rows = await all<Record<string, unknown>>(
      store.conn,
      `SELECT s.lead_id, s.points, s.fit_points, s.intent_points, s.grade, s.reasons, s.probability,
         p.points AS p_points, p.fit_points AS p_fit, p.intent_points AS p_intent, p.grade AS p_grade, p.reasons AS p_reasons
       FROM (${scoringSql(model)}) s FULL JOIN (${plainSql(model)}) p USING (lead_id)`,
    );
    expect(rows.length).toBe(3008);
    const table = new Map(model.points_table.map((t) => [t.points, t.probability]));
    const points = new Set<number>();
    for (const r of rows) {
      expect([r.lead_id, r.points, r.fit_points, r.intent_points, r.grade]).toEqual([r.lead_id, r.p_points, r.p_fit, r.p_intent, r.p_grade]);
      expect(JSON.parse(r.reasons as string)).toEqual(JSON.parse(r.p_reasons as string));
      expect(r.probability).toBe(table.get(r.points as number));
      if (String(r.lead_id).startsWith("odd")) points.add(r.points as number);
    }
    expect(points.size).toBeGreaterThan(2); // the odd leads land on different levels
  });
  it("equals it on the relation with decayed activity too (maps read from leads)", async () => {
    await exec(store.conn, `INSERT INTO activities (lead_id, occurred_at, activity_type, channel, source, run_id)
      SELECT lead_id, created_at + to_days(CAST(k AS INTEGER)), 'email_open', NULL, 'synthetic', 'r1'
      FROM leads, range(0, 3) t(k) WHERE created_at IS NOT NULL AND hash(lead_id, k) % 3 = 0`);
    const m = await fitModel(store.conn, { penalty_grid: [1] });
    expect(m.attributes.some((a) => a.source === "activity")).toBe(true);
    const asOf = m.training_window.as_of;
    const rel = leadsRelation({ asOf, halfLifeDays: m.encoding.activity_half_life_days, activity: true });
    const diff = await all<{ n: number; d: number }>(
      store.conn,
      `SELECT count(*) AS n, count(*) FILTER (WHERE s.points IS DISTINCT FROM p.points OR s.grade IS DISTINCT FROM p.grade OR s.reasons IS DISTINCT FROM p.reasons) AS d
       FROM (${scoringSql(m, { asOf })}) s FULL JOIN (${plainSql(m, rel)}) p USING (lead_id)`,
    );
    expect(diff[0]).toEqual({ n: 3008, d: 0 });
  });
});
