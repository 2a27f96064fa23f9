import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { exec, one, literal, transaction } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { leadsRelation } from "../features/sql.ts";
import { FIT_GRADES, INTENT_GRADES, gradeSql, type GradeCuts } from "../qualify/grade.ts";
import { levelCodes, levelSql, scoreValueSql } from "./levelSql.ts";
import type { ModelArtifact } from "./artifact.ts";
import { resolveAsOf } from "./split.ts";
import { csvCellSql } from "../csv/cell.ts";
import { writeAtomically } from "../files/atomic.ts";

/** Options for {@link scoringSql}. */
export interface ScoringSqlOptions {
  /** The relation to score (default: `leads`, or the leads relation with decayed activity when the model uses it). */
  relation?: string;
  /** as_of for the activity decay (needed when the model has the activity attribute). */
  asOf?: string;
  /** Add the top reasons as JSON text (default true). */
  reasons?: boolean;
  /** How many positive and negative reasons (default 3). */
  top?: number;
  /**
   * The level of each dictionary value of the attributes stored as ENUMs, from lib/model
   * `levelCodes(conn, model)`: those attributes are then scored by one list lookup at their code.
   * Only with the default relation (it reads the ENUM columns of `leads`). Default: none, every
   * attribute by its text.
   */
  codes?: Record<string, number[]>;
  /** Only leads created at or before this time (scoring as of a past date: leads not yet created are left out). */
  createdBy?: string;
}

/** A double as a SQL literal that reads back exactly: with an exponent DuckDB parses DOUBLE, not DECIMAL. */
function doubleLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`scoringSql: probability ${x} is not finite`);
  const s = String(x);
  return /e/i.test(s) ? s : `${s}e0`;
}

function sqlString(v: string): string {
  return `'${v.replaceAll("'", "''")}'`;
}

/**
 * One SELECT scoring every lead of the relation, set-based in DuckDB: each attribute's value read
 * once per lead, its points (and, for the reasons, its level index) from lib/model `levelSql` (the
 * artifact's conditions, written for speed), total, fit and intent points, the calibrated probability
 * from the points → probability table (exact: points are integers; a list indexed by the points), the
 * fit × intent grade and the top reasons.
 * Columns: lead_id, model_id, probability, points, fit_points, intent_points, grade, reasons, scored_at.
 */
export function scoringSql(model: ModelArtifact, options: ScoringSqlOptions = {}): string {
  const usesActivity = model.attributes.some((a) => a.source === "activity");
  // Behaviour as the model was fitted and measured on it: at each lead's decision moment, or as_of when sooner.
  const relation =
    options.relation ??
    (usesActivity
      ? leadsRelation({
          asOf: options.asOf ?? model.training_window.as_of,
          halfLifeDays: model.encoding.activity_half_life_days,
          activity: true,
          momentDays: model.encoding.score_at_days,
        })
      : "leads");
  const createdBy = options.createdBy
    ? ` WHERE created_at IS NULL OR created_at <= CAST(${sqlString(options.createdBy)} AS TIMESTAMP)`
    : "";
  const attrs = model.attributes;
  const withReasons = options.reasons !== false && attrs.length > 0;
  const codes = options.relation ? {} : (options.codes ?? {});
  // The leads relation's numeric attributes are numbers (ingest stores them as DOUBLE), which lets
  // their bins skip the text test for NaN; a caller's own relation keeps the general form.
  const typed = !options.relation;
  const values = attrs.map((a, j) => `${scoreValueSql(a, codes[a.name])} AS _v${j}`);
  // Without reasons each attribute's points come straight from its value; the reasons also need the level index.
  const enc = withReasons
    ? `enc AS (SELECT lead_id, ${attrs.map((a, j) => `${levelSql(a, `_v${j}`, "level", codes[a.name], typed)} AS e${j}`).join(", ")} FROM vals),
pts AS (SELECT lead_id, ${[...attrs.map((_, j) => `e${j}`), ...attrs.map((a, j) => `[${a.levels.map((l) => l.points).join(", ")}][e${j} + 1] AS p${j}`)].join(", ")} FROM enc)`
    : `pts AS (SELECT lead_id${attrs.map((a, j) => `, ${levelSql(a, `_v${j}`, "points", codes[a.name], typed)} AS p${j}`).join("")} FROM vals)`;
  const sum = (js: number[]) => (js.length ? js.map((j) => `p${j}`).join(" + ") : "0");
  const all = attrs.map((_, j) => j);
  const fit = all.filter((j) => attrs[j].role.startsWith("fit."));
  const intent = all.filter((j) => attrs[j].role.startsWith("intent."));
  const r = withReasons
    ? reasonsCtes(model, options.top ?? 3)
    : { ctes: "", last: "tot", sql: "CAST(NULL AS VARCHAR)" };
  return `WITH vals AS (SELECT lead_id${values.map((v) => `, ${v}`).join("")} FROM ${relation}${createdBy}),
${enc},
tot AS (SELECT *, CAST(${model.points.base} + ${sum(all)} AS INTEGER) AS points, CAST(${sum(fit)} AS INTEGER) AS fit_points, CAST(${sum(intent)} AS INTEGER) AS intent_points FROM pts)${r.ctes ? `,${r.ctes.replace(/,$/, "")}` : ""}
SELECT t.lead_id, ${sqlString(model.model_id)} AS model_id, ${probabilitySql(model, "t.points")} AS probability, t.points, t.fit_points, t.intent_points,
  ${gradeListSql("t.fit_points", "t.intent_points", model.grade_cuts)} AS grade, ${r.sql} AS reasons, current_timestamp AS scored_at
FROM ${r.last} t`;
}

/**
 * The points table as a constant list indexed by the points (NULL where the table has no entry, and
 * outside it, as the LEFT JOIN to the table it replaces): one list read per lead instead of a hash
 * join (issue 6).
 */
function probabilitySql(model: ModelArtifact, points: string): string {
  const table = model.points_table;
  if (table.length === 0) return "CAST(NULL AS DOUBLE)";
  const lo = Math.min(...table.map((t) => t.points));
  const hi = Math.max(...table.map((t) => t.points));
  if (!table.every((t) => Number.isInteger(t.points)) || hi - lo >= 1 << 20)
    throw new Error("scoringSql: the points table is not a table of integer points of a sensible range");
  const list = new Array<string>(hi - lo + 1).fill("NULL");
  for (const t of table) list[t.points - lo] = doubleLiteral(t.probability);
  return `CASE WHEN ${points} BETWEEN ${lo} AND ${hi} THEN [${list.join(", ")}][${points} - (${lo - 1})] END`;
}

/**
 * The grade as lib/qualify's `gradeSql` gives it, but read from a constant list of the 16 grades at
 * 1 + 4·(fit cuts not reached) + (intent cuts not reached): with ascending cuts the count of cuts a
 * total falls below is exactly the CASE's branch (A/1 none, D/4 all three), and it builds no string
 * per lead. Cuts out of order keep `gradeSql`.
 */
function gradeListSql(fitSql: string, intentSql: string, cuts: GradeCuts): string {
  const sorted = (c: number[]) => c.every((x, i) => Number.isFinite(x) && (i === 0 || c[i - 1] <= x));
  if (!sorted(cuts.fit) || !sorted(cuts.intent)) return gradeSql(fitSql, intentSql, cuts);
  const below = (x: string, c: number[]) => c.map((cut) => `CAST(${x} < ${cut} AS INTEGER)`).join(" + ");
  const grades = FIT_GRADES.flatMap((f) => INTENT_GRADES.map((i) => sqlString(f + i)));
  return `[${grades.join(", ")}][1 + 4 * (${below(fitSql, cuts.fit)}) + ${below(intentSql, cuts.intent)}]`;
}

/**
 * Top reasons from the precomputed level indexes: the same JSON as lib/explain's `reasonsSql`
 * ({"top_positive":[{attribute, level, points}…], "top_negative":[…]}, ties in attribute order),
 * with scalar SQL only (issue 6): each attribute's contribution is one BIGINT sort key read from a
 * constant per-level list (∓points·2^20 + the level's position in a constant table of ready-made
 * JSON items, so keys differ within a lead and sort as the reasons do; the largest BIGINT when the
 * level does not count on that side). The `top` smallest keys are kept sorted while the attributes
 * are taken in turn (inserting k into t1 ≤ t2 ≤ t3: t3 = least(t3, greatest(t2, k)),
 * t2 = least(t2, greatest(t1, k)), t1 = least(t1, k)): two-argument least/greatest only, no CASE
 * and no per-row lists or structs (both measured several times slower). The JSON is one `concat`
 * of the items (a rank left at the largest BIGINT gives a NULL item, which vanishes).
 */
function reasonsCtes(model: ModelArtifact, top: number): { ctes: string; last: string; sql: string } {
  const attrs = model.attributes;
  const items: string[] = [];
  const offset: number[] = [];
  for (const a of attrs) {
    offset.push(items.length);
    for (const l of a.levels) items.push(JSON.stringify({ attribute: a.name, level: l.level, points: l.points }));
  }
  const M = 1 << 20;
  if (items.length >= M) throw new Error("scoringSql: too many levels for the reasons key");
  const MAX = "9223372036854775807"; // no reason (yet): above every key
  const key = (j: number, side: 1 | -1) =>
    `CAST([${attrs[j].levels.map((l, i) => (side * l.points > 0 ? String(-side * l.points * M + offset[j] + i) : MAX)).join(", ")}] AS BIGINT[])[e${j} + 1]`;
  const ranks = Array.from({ length: top }, (_, i) => i + 1);
  const init = ["p", "n"].flatMap((side) => ranks.map((i) => `CAST(${MAX} AS BIGINT) AS r${side}${i}`));
  let ctes = `\nr_0 AS (SELECT *, ${init.join(", ")} FROM tot),`;
  let last = "r_0";
  const filled: Record<string, number> = { p: 0, n: 0 }; // keys inserted so far: ranks above filled + 1 are still MAX
  attrs.forEach((a, j) => {
    const sets: string[] = [];
    const keys: string[] = [];
    for (const [side, sign] of [
      ["p", 1],
      ["n", -1],
    ] as const) {
      if (!a.levels.some((l) => sign * l.points > 0)) continue; // never a reason on this side
      const k = `_k${side}${j}`;
      keys.push(`${key(j, sign)} AS ${k}`);
      const f = filled[side]++;
      for (const i of ranks.filter((i) => i <= f + 1)) {
        const up = i === 1 ? k : `greatest(r${side}${i - 1}, ${k})`;
        sets.push(`${i === f + 1 ? up : `least(r${side}${i}, ${up})`} AS r${side}${i}`);
      }
    }
    if (!sets.length) return;
    ctes += `\nr_${j + 1} AS (SELECT * REPLACE (${sets.join(", ")}) FROM (SELECT *, ${keys.join(", ")} FROM ${last}) _r${j}),`;
    last = `r_${j + 1}`;
  });
  const table = (prefix: string) => `[${items.map((x) => sqlString(prefix + x)).join(", ")}]`;
  const item = (i: number, side: string) =>
    `${table(i === 1 ? "" : ",")}[((NULLIF(t.r${side}${i}, ${MAX}) % ${M}) + ${M}) % ${M} + 1]`;
  const list = (side: string) => ranks.map((i) => `, ${item(i, side)}`).join("");
  return { ctes, last, sql: `concat('{"top_positive":['${list("p")}, '],"top_negative":['${list("n")}, ']}')` };
}

/** Options for {@link scoreLeads}. */
export interface ScoreLeadsOptions {
  /** Also write the scores to this file (.csv or .parquet). */
  out?: string;
  reasons?: boolean;
  /**
   * Score as of this date (a timestamp) instead of the data's end: behaviour counts up to it (or to
   * the lead's decision moment, when sooner), later activities are ignored, and leads created after
   * it are left out.
   */
  asOf?: string;
}

/**
 * Scores every lead with `model` in DuckDB: replaces the model's rows in `scores` and optionally
 * writes them to a CSV or Parquet file with COPY. Returns the number of leads scored.
 */
export async function scoreLeads(
  conn: DuckDBConnection,
  model: ModelArtifact,
  options: ScoreLeadsOptions = {},
): Promise<{ leads: number; ms: number }> {
  const format = options.out ? outFormat(options.out) : null;
  const t0 = performance.now();
  const asOf = options.asOf ?? (await resolveAsOf(conn));
  const sql = scoringSql(model, {
    asOf,
    reasons: options.reasons,
    codes: await levelCodes(conn, model),
    createdBy: options.asOf,
  });
  await transaction(conn, async () => {
    await exec(conn, "DELETE FROM scores WHERE model_id = $1", [model.model_id]);
    await exec(
      conn,
      `INSERT INTO scores (lead_id, model_id, probability, points, fit_points, intent_points, grade, reasons, scored_at) ${sql}`,
    );
  });
  if (options.out && format) await writeScores(conn, model.model_id, options.out, format);
  const n = await one<{ n: number }>(conn, "SELECT count(*) AS n FROM scores WHERE model_id = $1", [model.model_id]);
  return { leads: n?.n ?? 0, ms: performance.now() - t0 };
}

const SCORE_COLUMNS = [
  "lead_id",
  "model_id",
  "probability",
  "points",
  "fit_points",
  "intent_points",
  "grade",
  "reasons",
  "scored_at",
];
const TEXT_COLUMNS = ["lead_id", "model_id", "grade", "reasons"];

/**
 * COPYs one model's scores to `out` under a temporary name, renamed when complete (a killed run
 * leaves no half-written file). In CSV, text cells a spreadsheet would run as a formula (a lead id
 * `=HYPERLINK(…)`) get a leading quote and every text column is quoted (lib/csv `csvCell`).
 */
async function writeScores(
  conn: DuckDBConnection,
  modelId: string,
  out: string,
  format: "csv" | "parquet",
): Promise<void> {
  const csv = format === "csv";
  const select = SCORE_COLUMNS.map((c) => (csv && TEXT_COLUMNS.includes(c) ? `${csvCellSql(c)} AS ${c}` : c)).join(
    ", ",
  );
  const opts = csv ? `FORMAT csv, HEADER, FORCE_QUOTE (${TEXT_COLUMNS.join(", ")})` : "FORMAT parquet";
  await writeAtomically(out, (tmp) =>
    exec(
      conn,
      `COPY (SELECT ${select} FROM scores WHERE model_id = ${literal(modelId)} ORDER BY scores.lead_id) TO ${literal(tmp)} (${opts})`,
    ),
  );
}

function outFormat(file: string): "csv" | "parquet" {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".parquet") return "parquet";
  throw new UserError(`--out ${file}: expected a file ending in .csv or .parquet.`);
}
