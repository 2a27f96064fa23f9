import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, exec, one, literal, transaction } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { encodeSql, leadsRelation, valueSql } from "../features/sql.ts";
import { levelIndex } from "../scorecard/condition.ts";
import type { EncodedAttribute } from "../features/types.ts";
import { gradeSql } from "../qualify/grade.ts";
import type { ModelArtifact } from "./artifact.ts";
import { resolveAsOf } from "./split.ts";

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
  /** Per categorical attribute name, the distinct raw texts in the relation (see `scoreLeads`): enables exact raw-value matching. */
  rawValues?: Record<string, string[]>;
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
 * One SELECT scoring every lead of the relation, set-based in DuckDB: each attribute's level index
 * (the artifact's conditions), its points (CASE on the index), total, fit and intent points, the
 * calibrated probability from the points → probability table (exact: points are integers), the
 * fit × intent grade and the top reasons.
 * Columns: lead_id, model_id, probability, points, fit_points, intent_points, grade, reasons, scored_at.
 */
export function scoringSql(model: ModelArtifact, options: ScoringSqlOptions = {}): string {
  const usesActivity = model.attributes.some((a) => a.source === "activity");
  const relation = options.relation ?? (usesActivity ? leadsRelation({ asOf: options.asOf ?? model.training_window.as_of, halfLifeDays: model.encoding.activity_half_life_days, activity: true }) : "leads");
  const attrs = model.attributes;
  const enc = attrs.map((a, j) => `${levelSql(a, options.rawValues?.[a.name])} AS e${j}`);
  const pts = attrs.map((a, j) => `CAST(CASE e${j} ${a.levels.map((l, i) => `WHEN ${i} THEN ${l.points}`).join(" ")} ELSE 0 END AS INTEGER) AS p${j}`);
  const sum = (js: number[]) => (js.length ? js.map((j) => `p${j}`).join(" + ") : "0");
  const all = attrs.map((_, j) => j);
  const fit = all.filter((j) => attrs[j].role.startsWith("fit."));
  const intent = all.filter((j) => attrs[j].role.startsWith("intent."));
  const table = model.points_table.map((r) => `(${r.points}, ${doubleLiteral(r.probability)})`).join(", ");
  const withReasons = options.reasons !== false && attrs.length > 0;
  const r = withReasons ? reasonsCtes(model, options.top ?? 3) : { ctes: "", last: "tot", sql: "CAST(NULL AS VARCHAR)" };
  return `WITH enc AS (SELECT lead_id, ${enc.join(", ")} FROM ${relation}),
pts AS (SELECT lead_id, ${[...attrs.map((_, j) => `e${j}`), ...pts].join(", ")} FROM enc),
tot AS (SELECT *, CAST(${model.points.base} + ${sum(all)} AS INTEGER) AS points, CAST(${sum(fit)} AS INTEGER) AS fit_points, CAST(${sum(intent)} AS INTEGER) AS intent_points FROM pts),${r.ctes}
lookup(lk_points, lk_probability) AS (VALUES ${table})
SELECT t.lead_id, ${sqlString(model.model_id)} AS model_id, lk_probability AS probability, t.points, t.fit_points, t.intent_points,
  ${gradeSql("t.fit_points", "t.intent_points", model.grade_cuts)} AS grade, ${r.sql} AS reasons, current_timestamp AS scored_at
FROM ${r.last} t LEFT JOIN lookup ON lookup.lk_points = t.points`;
}

/**
 * The level index of one attribute. With `raw` (the distinct raw texts the column holds, read just
 * before scoring), categorical values are matched as stored (`CASE CAST(col AS VARCHAR) WHEN 'Email'
 * THEN 0 …`, codes from lib/scorecard's `levelIndex`, i.e. the conditions themselves), which avoids
 * normalising every lead's text; anything else falls through to the full encoding.
 */
function levelSql(a: ModelArtifact["attributes"][number], raw?: string[]): string {
  const full = encodeSql({ ...a, informationValue: a.information_value } as EncodedAttribute);
  if (!raw || a.kind !== "categorical" || raw.length === 0) return full;
  const conditions = a.levels.map((l) => l.condition);
  const whens = raw.map((v) => [v, levelIndex(v, conditions)] as const).filter(([, i]) => i >= 0).map(([v, i]) => `WHEN ${sqlString(v)} THEN ${i}`);
  return `CASE CAST(${valueSql(a)} AS VARCHAR) ${whens.join(" ")} ELSE ${full} END`;
}

/**
 * Top reasons from the precomputed level indexes and points: the same JSON as lib/explain's
 * `reasonsSql` ({"top_positive":[{attribute, level, points}…], "top_negative":[…]}, ties in
 * attribute order), with scalar SQL only: each attribute's contribution is one BIGINT sort key
 * (∓points·2^20 + the level's position in a constant table of ready-made JSON items; negative when
 * the contribution counts), the i-th reason is `least` of the keys above the (i−1)-th, and the JSON
 * is the items joined. No per-row lists or structs (measured 10× slower).
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
  const keys = attrs.flatMap((_, j) => [
    `CAST(-p${j} AS BIGINT) * ${M} + ${offset[j]} + e${j} AS kp${j}`,
    `CAST(p${j} AS BIGINT) * ${M} + ${offset[j]} + e${j} AS kn${j}`,
  ]);
  let ctes = `\nkeys AS (SELECT *, ${keys.join(", ")} FROM tot),`;
  let last = "keys";
  for (const side of ["p", "n"]) {
    for (let i = 1; i <= top; i++) {
      const terms = attrs.map((_, j) => `CASE WHEN k${side}${j} < 0${i === 1 ? "" : ` AND k${side}${j} > r${side}${i - 1}`} THEN k${side}${j} END`);
      const name = `r${side}${i}`;
      ctes += `\n${name}_cte AS (SELECT *, ${terms.length === 1 ? terms[0] : `least(${terms.join(", ")})`} AS ${name} FROM ${last}),`;
      last = `${name}_cte`;
    }
  }
  const table = `[${items.map(sqlString).join(", ")}]`;
  const item = (r: string) => `${table}[((${r} % ${M}) + ${M}) % ${M} + 1]`;
  const list = (side: string) => `concat_ws(',', ${Array.from({ length: top }, (_, i) => item(`t.r${side}${i + 1}`)).join(", ")})`;
  return { ctes, last, sql: `('{"top_positive":[' || ${list("p")} || '],"top_negative":[' || ${list("n")} || ']}')` };
}

/** Options for {@link scoreLeads}. */
export interface ScoreLeadsOptions {
  /** Also write the scores to this file (.csv or .parquet). */
  out?: string;
  reasons?: boolean;
}

/**
 * Scores every lead with `model` in DuckDB: replaces the model's rows in `scores` and optionally
 * writes them to a CSV or Parquet file with COPY. Returns the number of leads scored.
 */
export async function scoreLeads(conn: DuckDBConnection, model: ModelArtifact, options: ScoreLeadsOptions = {}): Promise<{ leads: number; ms: number }> {
  const format = options.out ? outFormat(options.out) : null;
  const t0 = performance.now();
  const asOf = await resolveAsOf(conn);
  const rawValues = await distinctRawValues(conn, model);
  const sql = scoringSql(model, { asOf, reasons: options.reasons, rawValues });
  await transaction(conn, async () => {
    await exec(conn, "DELETE FROM scores WHERE model_id = $1", [model.model_id]);
    await exec(conn, `INSERT INTO scores (lead_id, model_id, probability, points, fit_points, intent_points, grade, reasons, scored_at) ${sql}`);
  });
  if (options.out && format) {
    await exec(conn, `COPY (SELECT lead_id, model_id, probability, points, fit_points, intent_points, grade, reasons, scored_at FROM scores WHERE model_id = ${literal(model.model_id)} ORDER BY lead_id) TO ${literal(options.out)} (FORMAT ${format}${format === "csv" ? ", HEADER" : ""})`);
  }
  const n = await one<{ n: number }>(conn, "SELECT count(*) AS n FROM scores WHERE model_id = $1", [model.model_id]);
  return { leads: n?.n ?? 0, ms: performance.now() - t0 };
}

/**
 * The distinct raw texts of each categorical attribute in `leads` (up to 5,000 per attribute; more
 * and the attribute keeps the full encoding). DuckDB reads these from its dictionaries quickly.
 */
export async function distinctRawValues(conn: DuckDBConnection, model: ModelArtifact): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const a of model.attributes) {
    if (a.kind !== "categorical" || a.source === "activity") continue;
    const rows = await all<{ v: string }>(conn, `SELECT DISTINCT CAST(${valueSql(a)} AS VARCHAR) AS v FROM leads WHERE ${valueSql(a)} IS NOT NULL LIMIT 5001`);
    if (rows.length <= 5000) out[a.name] = rows.map((r) => r.v);
  }
  return out;
}

function outFormat(file: string): "csv" | "parquet" {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".parquet") return "parquet";
  throw new UserError(`--out ${file}: expected a file ending in .csv or .parquet.`);
}
