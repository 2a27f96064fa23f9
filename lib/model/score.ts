import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { exec, ident, one, literal, transaction } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { encodeSql, leadsRelation, valueSql } from "../features/sql.ts";
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
  // The maps read their distinct values from `leads` itself when the relation is derived from it (the activity one is costly to rescan).
  const maps = attrs.map((a, j) => levelMap(a, j, options.relation ?? "leads"));
  const enc = maps.map((m, j) => `${m.level} AS e${j}${m.points ? `, ${m.points} AS _mp${j}` : ""}`);
  const joins = maps.map((m) => m.join).join("");
  const pts = attrs.map((a, j) => `${maps[j].points ? `_mp${j}` : pointsSql(a, `e${j}`)} AS p${j}`);
  const sum = (js: number[]) => (js.length ? js.map((j) => `p${j}`).join(" + ") : "0");
  const all = attrs.map((_, j) => j);
  const fit = all.filter((j) => attrs[j].role.startsWith("fit."));
  const intent = all.filter((j) => attrs[j].role.startsWith("intent."));
  const table = model.points_table.map((r) => `(${r.points}, ${doubleLiteral(r.probability)})`).join(", ");
  const withReasons = options.reasons !== false && attrs.length > 0;
  const r = withReasons ? reasonsCtes(model, options.top ?? 3) : { ctes: "", last: "tot", sql: "CAST(NULL AS VARCHAR)" };
  return `WITH enc AS (SELECT lead_id, ${enc.join(", ")} FROM ${relation}${joins}),
pts AS (SELECT lead_id, ${[...attrs.map((_, j) => `e${j}`), ...pts].join(", ")} FROM enc),
tot AS (SELECT *, CAST(${model.points.base} + ${sum(all)} AS INTEGER) AS points, CAST(${sum(fit)} AS INTEGER) AS fit_points, CAST(${sum(intent)} AS INTEGER) AS intent_points FROM pts),${r.ctes}
lookup(lk_points, lk_probability) AS (VALUES ${table})
SELECT t.lead_id, ${sqlString(model.model_id)} AS model_id, lk_probability AS probability, t.points, t.fit_points, t.intent_points,
  ${gradeSql("t.fit_points", "t.intent_points", model.grade_cuts)} AS grade, ${r.sql} AS reasons, current_timestamp AS scored_at
FROM ${r.last} t LEFT JOIN lookup ON lookup.lk_points = t.points`;
}

/** An attribute's points from its level index expression. */
function pointsSql(a: ModelArtifact["attributes"][number], index: string): string {
  return `CAST(CASE ${index} ${a.levels.map((l, i) => `WHEN ${i} THEN ${l.points}`).join(" ")} ELSE 0 END AS INTEGER)`;
}

/**
 * One attribute's level index (and, for a mapped one, its points) for every lead, and the join it
 * needs. Why the map: normalising each lead's text (LOWER/TRIM/CAST) and testing every level cost
 * about 1 µs per lead (issue 6), so a categorical attribute's levels are computed once per DISTINCT
 * raw text of the relation (a few hundred rows) and each lead gets its level and points by a hash
 * join on its raw text. The map holds the very same CASE (lib/features `encodeSql`), keyed on
 * `CAST(col AS VARCHAR)` (all that CASE reads) and joined with IS NOT DISTINCT FROM so NULL finds
 * its own row: results are identical. Numeric bins stay a comparison chain on the DOUBLE (cheap).
 */
function levelMap(a: ModelArtifact["attributes"][number], j: number, relation: string): { level: string; points?: string; join: string } {
  const categorical = a.levels.some((l) => l.condition.kind === "equals"); // as encodeSql decides
  if (!categorical || a.source === "activity") return { level: encodeSql({ ...a, informationValue: a.information_value } as EncodedAttribute), join: "" };
  const col = `CAST(${valueSql(a)} AS VARCHAR)`;
  const key = `_lk${j}`;
  const onKey = encodeSql({ ...a, name: key, source: key, informationValue: a.information_value } as EncodedAttribute);
  const levels = `SELECT ${ident(key)}, ${onKey} AS _le${j} FROM (SELECT DISTINCT ${col} AS ${ident(key)} FROM ${relation}) _d${j}`;
  const map = `(SELECT *, ${pointsSql(a, `_le${j}`)} AS _lp${j} FROM (${levels}) _l${j}) _m${j}`;
  return { level: `_m${j}._le${j}`, points: `_m${j}._lp${j}`, join: `\n  LEFT JOIN ${map} ON ${col} IS NOT DISTINCT FROM _m${j}.${ident(key)}` };
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
  const sql = scoringSql(model, { asOf, reasons: options.reasons });
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

function outFormat(file: string): "csv" | "parquet" {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".parquet") return "parquet";
  throw new UserError(`--out ${file}: expected a file ending in .csv or .parquet.`);
}
