import { encodeSql, normalisedLevels, rangeChain, valueSql } from "../features/sql.ts";
import type { EncodedAttribute } from "../features/types.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident } from "../store/query.ts";
import type { ArtifactAttribute, ModelArtifact } from "./artifact.ts";

/** What a per-lead attribute expression returns: the level's index in `levels`, or its points. */
export type LevelOutput = "level" | "points";

/**
 * The value an attribute's scoring expression reads, computed once per lead in an inner projection:
 * the text of a categorical attribute (`CAST(… AS VARCHAR)`, all its conditions look at), the raw
 * value of a numeric one. Why a column of its own: DuckDB expands `CASE x WHEN …` into one `x = …`
 * per branch, so an expression in `x` would be evaluated once per level.
 */
export function scoreValueSql(a: ArtifactAttribute, codes?: number[]): string {
  return isCategorical(a) && !codes ? `CAST(${valueSql(a)} AS VARCHAR)` : valueSql(a);
}

/**
 * An attribute's level index or points for each lead, as a SQL expression over `v` (the column
 * holding {@link scoreValueSql}). It means exactly what lib/features `encodeSql` means (the same
 * conditions, the same CASE order; tested lead by lead) but is built for speed, because scoring
 * evaluates it on every lead (issue 6):
 * - categorical: `v IS NULL` and one `v = '…'` per level value that `LOWER(TRIM(…))` leaves
 *   unchanged (plain lower-case ASCII without edge spaces), the levels with most training leads
 *   first; only the other texts (odd case, spaces, `NaN`, blank, unseen values) reach the normalising
 *   branch, which reads `LOWER(TRIM(v))` once through `list_position` instead of once per level;
 * - numeric bins that tile the number line: the ascending chain of comparisons on the number, with
 *   `isnan()` in front of the text test for `NaN` (only NaN can read as 'NaN'/'nan');
 * - anything else: `encodeSql` itself.
 * With `out = "points"` the level's points come out directly; adjacent bins with equal points share
 * one comparison, and an attribute whose levels all score the same is that constant.
 * With `codes` (a categorical attribute stored as an ENUM: the level of each of its dictionary's
 * values, from {@link levelCodes}) `v` is the ENUM column itself and the level or points are read
 * from a constant list at `enum_code(v)`, one lookup per lead; NULL takes the missing level.
 * With `numeric` the caller guarantees `v` is a number (a DOUBLE or integer column, as every numeric
 * attribute of `leads` is): NULL and NaN then fail every `<=`/`<` test (DuckDB orders NaN above all
 * numbers), so the chain needs no NULL test in front; the last bin takes what is neither NULL nor a
 * NaN reading 'NaN'/'nan', and the missing level is the ELSE — the same levels, one test fewer per lead.
 */
export function levelSql(a: ArtifactAttribute, v: string, out: LevelOutput, codes?: number[], numeric = false): string {
  const pts = a.levels.map((l) => l.points);
  const val = (i: number) => String(out === "points" ? pts[i] : i);
  const list = (is: number[]) => `[${is.map(val).join(", ")}]`;
  if (out === "points" && pts.every((p) => p === pts[0])) return String(pts[0]);
  const other = a.levels.findIndex((l) => l.condition.kind === "other");
  const fallback = other >= 0 ? other : a.reference;
  const missing = a.levels.findIndex((l) => l.condition.kind === "missing");
  const missingIndex = missing >= 0 ? missing : fallback;
  if (codes && isCategorical(a))
    return `coalesce([${codes.map(val).join(", ")}][enum_code(${ident(v)}) + 1], ${val(missingIndex)})`;
  if (isCategorical(a)) return categoricalSql(a, v, missingIndex, fallback, val, list);
  const chain = rangeChain(a.levels);
  if (!chain) {
    const index = encodeSql({
      ...a,
      name: v,
      source: "column",
      informationValue: a.information_value,
    } as EncodedAttribute);
    return out === "level" ? index : `${list(a.levels.map((_, i) => i))}[(${index}) + 1]`;
  }
  const col = ident(v);
  const whens: string[] = [];
  chain.bins.forEach(([i, c], k) => {
    const next = k + 1 < chain.bins.length ? chain.bins[k + 1][0] : chain.last;
    if (out === "points" && pts[i] === pts[next]) return; // its leads fall to the next bin's test, same points
    whens.push(`WHEN ${col} ${c.maxInclusive ? "<=" : "<"} ${c.max} THEN ${val(i)}`);
  });
  // NaN is missing only when it reads as 'NaN'/'nan' (so '-nan' is the last bin, as encodeSql has it).
  if (numeric)
    return `CASE ${whens.join(" ")} WHEN NOT isnan(${col}) OR CAST(${col} AS VARCHAR) NOT IN ('NaN', 'nan') THEN ${val(chain.last)} ELSE ${val(missingIndex)} END`;
  const nan = `isnan(TRY_CAST(${col} AS DOUBLE)) AND CAST(${col} AS VARCHAR) IN ('NaN', 'nan')`;
  return `CASE WHEN ${col} IS NULL THEN ${val(missingIndex)} ${whens.join(" ")} WHEN ${nan} THEN ${val(missingIndex)} ELSE ${val(chain.last)} END`;
}

/**
 * For each categorical attribute of the model stored in `leads` as an ENUM (loaders/ingest
 * dictionary.ts), the level of each value of its dictionary in code order, computed in DuckDB by
 * the very expression the text path uses ({@link levelSql} over the value), so the lookup means
 * exactly what the text conditions mean. Attributes stored as VARCHAR are left out (they keep the
 * text path), as is every attribute when `leads` has no rows.
 *
 * @example
 * await levelCodes(conn, model) // → { industry: [3, 0, 8, 1, …], region: [2, 0, 4, …] }
 */
export async function levelCodes(conn: DuckDBConnection, model: ModelArtifact): Promise<Record<string, number[]>> {
  const enums = new Set(
    (
      await all<{ name: string }>(
        conn,
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'leads' AND table_schema = current_schema() AND data_type LIKE 'ENUM(%'",
      )
    ).map((r) => r.name),
  );
  const out: Record<string, number[]> = {};
  for (const a of model.attributes) {
    if (!isCategorical(a) || a.source !== "column" || !enums.has(a.name)) continue;
    const col = ident(a.name);
    const r = await all<{ l: number[] | null }>(
      conn,
      `SELECT list(${levelSql(a, "x", "level")} ORDER BY i) AS l
       FROM (SELECT unnest(r) AS x, generate_subscripts(r, 1) AS i FROM (SELECT enum_range(${col})::VARCHAR[] AS r FROM leads LIMIT 1))`,
    );
    if (r[0]?.l) out[a.name] = r[0].l;
  }
  return out;
}

function isCategorical(a: ArtifactAttribute): boolean {
  return a.levels.some((l) => l.condition.kind === "equals"); // as encodeSql decides
}

/** Text that DuckDB's LOWER(TRIM(…)) leaves as it is: printable lower-case ASCII, no space at either end. */
function normalForm(v: string): boolean {
  return /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v) && v === v.toLowerCase();
}

function categoricalSql(
  a: ArtifactAttribute,
  v: string,
  missingIndex: number,
  fallback: number,
  val: (i: number) => string,
  list: (is: number[]) => string,
): string {
  const { seen, nanLevel } = normalisedLevels(a.levels, fallback); // the very map encodeSql's CASE is written from
  const col = ident(v);
  // A text equal to a normalised value normalises to itself, so it takes that value's level directly.
  const fast = [...seen]
    .filter(([x]) => normalForm(x))
    .map(([x, i]) => ({ sql: `WHEN ${col} = ${sqlString(x)} THEN ${val(i)}`, leads: a.levels[i].leads }));
  fast.push({ sql: `WHEN ${col} IS NULL THEN ${val(missingIndex)}`, leads: a.levels[missingIndex].leads });
  fast.sort((x, y) => y.leads - x.leads); // the values are distinct, so order is free: most leads stop early
  // The rest, as encodeSql: '' (blank) is missing; 'nan' is missing when the text is exactly NaN or
  // nan, else the level of the value 'nan'; a listed value its level; anything else the fallback.
  const keys = [...seen.keys(), "", "nan"];
  const levels = [...seen.values(), missingIndex, nanLevel];
  const slow = `CASE WHEN ${col} IN ('NaN', 'nan') THEN ${val(missingIndex)} ELSE coalesce(${list(levels)}[list_position([${keys.map(sqlString).join(", ")}], LOWER(TRIM(${col})))], ${val(fallback)}) END`;
  return `CASE ${fast.map((f) => f.sql).join(" ")} ELSE ${slow} END`;
}

function sqlString(v: string): string {
  return `'${v.replaceAll("'", "''")}'`;
}
