import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { syntheticStore } from "./synthetic.ts";
import { all, exec, type Store } from "../../../lib/store/index.ts";
import { fitModel, levelCodes, scoringSql, type ModelArtifact } from "../../../lib/model/index.ts";
import { enumType } from "../../../loaders/ingest/dictionary.ts";
import { encodeSql, leadsRelation, type EncodedAttribute } from "../../../lib/features/index.ts";
import { reasonsSql } from "../../../lib/explain/index.ts";
import { gradeSql } from "../../../lib/qualify/grade.ts";

// scoringSql computes each attribute's points (and level) with expressions written for speed
// (lib/model/levelSql.ts: plain-text equality first, normalising only the rest; bins as a chain
// with isnan; the points table and the grades as constant lists). They must give exactly what the
// plain per-lead CASE (lib/features encodeSql), the points table and gradeSql give, on awkward values too.
let store: Store;
let model: ModelArtifact;

beforeAll(async () => {
  store = await syntheticStore(3000);
  model = await fitModel(store.conn, { penalty_grid: [1] });
  await exec(
    store.conn,
    `INSERT INTO leads (lead_id, created_at, channel, source, run_id, industry, visits) VALUES
    ('odd1', NULL, 'EMAIL ', 's', 'r', 'NaN', CAST('NaN' AS DOUBLE)), ('odd2', NULL, '', 's', 'r', ' nan', 3),
    ('odd3', NULL, NULL, 's', 'r', '   ', -1), ('odd4', NULL, 'fax', 's', 'r', 'quarrying', 1e9),
    ('odd5', NULL, ' Search', 's', 'r', 'SOFTWARE', NULL), ('odd6', NULL, 'nan', 's', 'r', 'nan', CAST('-inf' AS DOUBLE)),
    ('odd7', NULL, 'social', 's', 'r', NULL, CAST('NaN' AS DOUBLE)), ('odd8', NULL, 'e''mail', 's', 'r', ' Finance', 0),
    ('odd9', NULL, 'email', 's', 'r', 'NAN', CAST('-nan' AS DOUBLE)), ('odd10', NULL, 'search', 's', 'r', '', CAST('inf' AS DOUBLE)),
    ('odd11', NULL, 'search', 's', 'r', 'Ünï', 2), ('odd12', NULL, 'search', 's', 'r', 'ünï ', 2.0000001),
    ('odd13', NULL, 'search', 's', 'r', 'o''brien', 1.9999999), ('odd14', NULL, 'search', 's', 'r', 'O''Brien ', 5),
    ('odd15', NULL, 'search', 's', 'r', 'software ', 6), ('odd16', NULL, 'search', 's', 'r', 'nAn', 4),
    ('odd17', NULL, 'search', 's', 'r', chr(160) || 'nbsp', 1)`,
  ); // DuckDB's TRIM removes the no-break space, JavaScript's trim of spaces does not
});
afterAll(async () => store.close());

/**
 * The plain scoring: every lead's level by its own CASE, points by level, the same totals and grade.
 * Reasons from lib/explain's reasonsSql (`explain`), or (`levels`) the same sort over the plain
 * levels: explain reads the conditions one by one, which differs from the encoding only on
 * hand-made levels (a value 'nan' against the text 'NAN').
 */
function plainSql(m: ModelArtifact, relation = "leads", reasons: "explain" | "levels" = "explain"): string {
  const levels = m.attributes.map((a) =>
    encodeSql({ ...a, informationValue: a.information_value } as EncodedAttribute),
  );
  const byLevel = (j: number, f: (l: ModelArtifact["attributes"][number]["levels"][number]) => string) =>
    `CASE ${levels[j]} ${m.attributes[j].levels.map((l, i) => `WHEN ${i} THEN ${f(l)}`).join(" ")} END`;
  const pts = m.attributes.map((_, j) => `CAST(${byLevel(j, (l) => String(l.points))} AS INTEGER)`);
  const sum = (role: string) => m.attributes.map((a, j) => (a.role.startsWith(role) ? pts[j] : "0")).join(" + ");
  const rubric = {
    base: m.points.base,
    attributes: m.attributes.map((a) => ({ name: a.name, role: a.role, levels: a.levels })),
  };
  const list = (sign: 1 | -1) => {
    const items = m.attributes.map(
      (a, j) =>
        `struct_pack(k := ${sign === 1 ? "-" : ""}(${pts[j]}), i := ${j}, attribute := '${a.name}', level := ${byLevel(j, (l) => `'${l.level.replaceAll("'", "''")}'`)}, points := ${pts[j]})`,
    );
    return `list_transform(list_sort(list_filter([${items.join(", ")}], x -> x.points ${sign === 1 ? ">" : "<"} 0))[1:3], x -> struct_pack(attribute := x.attribute, level := x.level, points := x.points))`;
  };
  const reasonsExpr =
    reasons === "explain"
      ? reasonsSql(rubric)
      : `CAST(to_json(struct_pack(top_positive := ${list(1)}, top_negative := ${list(-1)})) AS VARCHAR)`;
  return `SELECT lead_id, ${m.points.base} + ${sum("")} AS points, ${sum("fit.")} AS fit_points, ${sum("intent.")} AS intent_points,
    ${gradeSql(`(${sum("fit.")})`, `(${sum("intent.")})`, m.grade_cuts)} AS grade, ${reasonsExpr} AS reasons FROM ${relation}`;
}

/**
 * Every lead of scoringSql (with and without reasons) against plainSql and the points table; returns
 * the odd leads' points and the numbers of positive/negative reasons seen.
 */
async function expectSame(
  m: ModelArtifact,
  reasonsFrom: "explain" | "levels" = "levels",
  codes?: Record<string, number[]>,
): Promise<{ points: Set<number>; counts: Set<string> }> {
  const table = new Map(m.points_table.map((t) => [t.points, t.probability]));
  const points = new Set<number>();
  const counts = new Set<string>();
  for (const reasons of [true, false]) {
    const rows = await all<Record<string, unknown>>(
      store.conn,
      `SELECT s.lead_id, s.points, s.fit_points, s.intent_points, s.grade, s.reasons, s.probability,
         p.points AS p_points, p.fit_points AS p_fit, p.intent_points AS p_intent, p.grade AS p_grade, p.reasons AS p_reasons
       FROM (${scoringSql(m, { reasons, codes })}) s FULL JOIN (${plainSql(m, "leads", reasonsFrom)}) p USING (lead_id)`,
    );
    expect(rows.length).toBe(3017);
    for (const r of rows) {
      expect([r.lead_id, r.points, r.fit_points, r.intent_points, r.grade]).toEqual([
        r.lead_id,
        r.p_points,
        r.p_fit,
        r.p_intent,
        r.p_grade,
      ]);
      if (reasons) {
        const got = JSON.parse(r.reasons as string);
        expect(got).toEqual(JSON.parse(r.p_reasons as string));
        counts.add(`${got.top_positive.length}/${got.top_negative.length}`);
      } else expect(r.reasons).toBeNull();
      expect(r.probability).toBe(table.get(r.points as number) ?? null);
      if (String(r.lead_id).startsWith("odd")) points.add(r.points as number);
    }
  }
  return { points, counts };
}

/** The fitted model with hand-made levels that reach every branch of the fast expressions. */
function oddModel(m: ModelArtifact): ModelArtifact {
  const odd = structuredClone(m);
  const industry = odd.attributes.find((a) => a.name === "industry")!;
  const visits = odd.attributes.find((a) => a.name === "visits")!;
  const channel = odd.attributes.find((a) => a.name === "channel")!;
  const level = (
    condition: ModelArtifact["attributes"][number]["levels"][number]["condition"],
    points: number,
    leads = 10,
  ) => ({ level: "x", condition, coef: 0, se: null, points, leads, conversions: 1 });
  // A value 'nan' (not missing unless exactly NaN/nan), non-ASCII and quoted values, two values in one level.
  industry.levels = [
    level({ kind: "equals", values: ["software", " Finance"] }, 7, 900),
    level({ kind: "equals", values: ["nan"] }, -3),
    level({ kind: "equals", values: ["Ünï", "\u00a0nbsp"] }, 4), // the text '\u00a0nbsp' trims to 'nbsp': it is `other`, not this level
    level({ kind: "equals", values: ["o'brien", "Ünï "] }, 9), // 'Ünï ' normalises as level 2's value: the first level wins
    level({ kind: "missing" }, -8, 500),
    level({ kind: "other" }, 1),
  ];
  industry.reference = 5;
  // Bins with equal neighbours (the last chain bin equal to the top one), either closedness.
  visits.levels = [
    level({ kind: "range", max: 1, minInclusive: false, maxInclusive: true }, 2),
    level({ kind: "range", min: 1, max: 2, minInclusive: false, maxInclusive: false }, 2),
    level({ kind: "range", min: 2, max: 5, minInclusive: true, maxInclusive: true }, -6),
    level({ kind: "range", min: 5, minInclusive: false, maxInclusive: false }, -6),
    level({ kind: "missing" }, 11),
  ];
  visits.reference = 0;
  for (const l of channel.levels) l.points = 5; // every level alike: the points are a constant
  return odd;
}

describe("scoring expressions written for speed", () => {
  it("equal the plain per-lead CASE for every lead, including NULL, unseen, odd-case/blank and NaN values", async () => {
    expect(scoringSql(model)).not.toContain("JOIN");
    expect(scoringSql(model)).not.toMatch(/LOWER\(TRIM\("_v\d+"\)\) = /); // never normalised once per level
    await expectSame(model, "levels");
    const { points, counts } = await expectSame(model, "explain");
    expect(points.size).toBeGreaterThan(2); // the odd leads land on different levels
    expect(counts.size).toBeGreaterThan(3); // leads with 0 to 3 reasons on a side: every rank of the top-3 selection is used
  });
  it("equal it on hand-made levels: a 'nan' value, non-ASCII and quoted values, equal neighbouring bins, a constant attribute", async () => {
    const odd = oddModel(model);
    const sql = scoringSql(odd, { reasons: false });
    expect(sql).not.toMatch(/<= 1 THEN/); // the bins (−∞, 1] and (1, 2) share one test …
    expect(sql).toMatch(/ AS p\d+, 5 AS p\d+|, 5 AS p\d+ FROM vals/); // … and channel is the constant 5
    const { points } = await expectSame(odd);
    expect(points.size).toBeGreaterThan(5);
  });
  it("equal it when bins do not tile the line (encodeSql itself) and when grade cuts are out of order (gradeSql)", async () => {
    const odd = oddModel(model);
    const visits = odd.attributes.find((a) => a.name === "visits")!;
    visits.levels = [
      visits.levels[0],
      visits.levels[2],
      { ...visits.levels[4] },
      { ...visits.levels[4], condition: { kind: "other" }, points: 3 },
    ];
    odd.grade_cuts = { fit: [5, -5, 0], intent: [0, 0, 0] };
    expect(scoringSql(odd)).toContain("|| CASE WHEN");
    await expectSame(odd);
  });
  it("give NULL probability for totals the points table lacks (inside its range or below/above it), as the join it replaced did", async () => {
    const odd = structuredClone(model);
    const counts = await all<{ points: number }>(
      store.conn,
      `SELECT points FROM (${scoringSql(model, { reasons: false })}) GROUP BY 1 ORDER BY count(*) DESC`,
    );
    const drop = new Set(counts.slice(0, 2).map((c) => c.points));
    const seen = counts.map((c) => c.points);
    const [lo, hi] = [Math.min(...seen), Math.max(...seen)];
    // Totals two below the table's first entry would read the list from its end if unguarded.
    odd.points_table = odd.points_table.filter((t) => !drop.has(t.points) && t.points > lo + 2 && t.points < hi);
    const rows = await all<{ n: number; low: number }>(
      store.conn,
      `SELECT count(*) AS n, count(*) FILTER (WHERE points <= ${lo + 2}) AS low FROM (${scoringSql(odd, { reasons: false })}) WHERE probability IS NULL`,
    );
    expect(rows[0].n).toBeGreaterThan(100);
    expect(rows[0].low).toBeGreaterThan(0);
    await expectSame(odd);
  });
  it("equal it on the relation with decayed activity too", async () => {
    await exec(
      store.conn,
      `INSERT INTO activities (lead_id, occurred_at, activity_type, channel)
      SELECT lead_id, created_at + to_days(CAST(k AS INTEGER)), 'email_open', NULL
      FROM leads, range(0, 3) t(k) WHERE created_at IS NOT NULL AND hash(lead_id, k) % 3 = 0`,
    );
    const m = await fitModel(store.conn, { penalty_grid: [1] });
    expect(m.attributes.some((a) => a.source === "activity")).toBe(true);
    const asOf = m.training_window.as_of;
    // The relation scoring reads: activity at the model's decision moment.
    const rel = leadsRelation({
      asOf,
      halfLifeDays: m.encoding.activity_half_life_days,
      activity: true,
      momentDays: m.encoding.score_at_days,
    });
    const diff = await all<{ n: number; d: number }>(
      store.conn,
      `SELECT count(*) AS n, count(*) FILTER (WHERE s.points IS DISTINCT FROM p.points OR s.grade IS DISTINCT FROM p.grade OR s.reasons IS DISTINCT FROM p.reasons) AS d
       FROM (${scoringSql(m, { asOf })}) s FULL JOIN (${plainSql(m, rel)}) p USING (lead_id)`,
    );
    expect(diff[0]).toEqual({ n: 3017, d: 0 });
  });
});

// Ingest stores a categorical attribute as an ENUM of its values (loaders/ingest/dictionary.ts);
// scoring then reads its level from a list at the value's code, the list computed by the text
// expression over the dictionary. Runs last: it changes the column's type.
describe("scoring a categorical attribute stored as an ENUM", () => {
  it("equals the plain per-lead CASE for every lead, the odd values and hand-made levels included", async () => {
    const [{ v }] = await all<{ v: string[] }>(
      store.conn,
      "SELECT list(DISTINCT industry ORDER BY industry) FILTER (WHERE industry IS NOT NULL) AS v FROM leads",
    );
    expect(v).toEqual(expect.arrayContaining(["NaN", " nan", "   ", "", "SOFTWARE", "Ünï", "o'brien"]));
    await exec(store.conn, `ALTER TABLE leads ALTER COLUMN industry TYPE ${enumType(v)}`);
    const codes = await levelCodes(store.conn, model);
    expect(Object.keys(codes)).toEqual(["industry"]); // channel is VARCHAR: it keeps the text path
    expect(codes.industry).toHaveLength(v.length);
    expect(scoringSql(model, { codes })).toMatch(/\[enum_code\("_v\d+"\) \+ 1\]/);
    await expectSame(model, "levels", codes);
    const odd = oddModel(model);
    const { points } = await expectSame(odd, "levels", await levelCodes(store.conn, odd));
    expect(points.size).toBeGreaterThan(5);
    // A caller's own relation keeps the text path (it may not have the ENUM columns).
    expect(scoringSql(model, { codes, relation: "leads" })).not.toContain("enum_code");
  });
});
