import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { exec, one, literal, transaction } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { encodeSql, leadsRelation } from "../features/sql.ts";
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
  const enc = attrs.map((a, j) => `${encodeSql({ ...a, informationValue: a.information_value } as EncodedAttribute)} AS e${j}`);
  const pts = attrs.map((a, j) => `CAST(CASE e${j} ${a.levels.map((l, i) => `WHEN ${i} THEN ${l.points}`).join(" ")} ELSE 0 END AS INTEGER) AS p${j}`);
  const sum = (js: number[]) => (js.length ? js.map((j) => `p${j}`).join(" + ") : "0");
  const all = attrs.map((_, j) => j);
  const fit = all.filter((j) => attrs[j].role.startsWith("fit."));
  const intent = all.filter((j) => attrs[j].role.startsWith("intent."));
  const table = model.points_table.map((r) => `(${r.points}, ${doubleLiteral(r.probability)})`).join(", ");
  const reasons = options.reasons === false ? "CAST(NULL AS VARCHAR)" : reasonsFromPoints(model, options.top ?? 3);
  return `WITH enc AS (SELECT lead_id, ${enc.join(", ")} FROM ${relation}),
pts AS (SELECT lead_id, ${[...attrs.map((_, j) => `e${j}`), ...pts].join(", ")} FROM enc),
tot AS (SELECT *, CAST(${model.points.base} + ${sum(all)} AS INTEGER) AS points, CAST(${sum(fit)} AS INTEGER) AS fit_points, CAST(${sum(intent)} AS INTEGER) AS intent_points FROM pts),
lookup(lk_points, lk_probability) AS (VALUES ${table})
SELECT t.lead_id, ${sqlString(model.model_id)} AS model_id, lk_probability AS probability, t.points, t.fit_points, t.intent_points,
  ${gradeSql("t.fit_points", "t.intent_points", model.grade_cuts)} AS grade, ${reasons} AS reasons, current_timestamp AS scored_at
FROM tot t LEFT JOIN lookup ON lookup.lk_points = t.points`;
}

/**
 * Top reasons from the precomputed level indexes and points: the same JSON as lib/explain's
 * `reasonsSql` ({"top_positive":[{attribute, level, points}…], "top_negative":[…]}, ties in
 * attribute order) without re-evaluating every condition.
 */
function reasonsFromPoints(model: ModelArtifact, top: number): string {
  if (model.attributes.length === 0) return `'{"top_positive":[],"top_negative":[]}'`;
  const item = (j: number, sign: 1 | -1) => {
    const a = model.attributes[j];
    const names = `[${a.levels.map((l) => sqlString(l.level)).join(", ")}]`;
    return `struct_pack(k := ${sign === 1 ? "-" : ""}p${j}, i := ${j}, attribute := ${sqlString(a.name)}, level := ${names}[e${j} + 1], points := p${j})`;
  };
  const list = (sign: 1 | -1) => {
    const filtered = `list_filter(list_value(${model.attributes.map((_, j) => item(j, sign)).join(", ")}), x -> x.points ${sign === 1 ? ">" : "<"} 0)`;
    return `list_transform(list_sort(${filtered})[1:${top}], x -> struct_pack(attribute := x.attribute, level := x.level, points := x.points))`;
  };
  return `CAST(to_json(struct_pack(top_positive := ${list(1)}, top_negative := ${list(-1)})) AS VARCHAR)`;
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
