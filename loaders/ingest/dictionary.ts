import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, literal } from "../../lib/store/index.ts";

/**
 * Most distinct values a categorical attribute is stored dictionary-encoded with (a DuckDB ENUM);
 * an attribute with more is stored as VARCHAR. 4,096 covers every real categorical field we have
 * seen (countries, industries, tags) while keeping the ENUM's definition and the scoring lists small.
 */
export const MAX_DICTIONARY = 4096;

/** A categorical attribute's values arriving in this run: the accepted rows and the column holding it. */
export interface NewValues {
  /** The relation of accepted rows (a part's ok table or view). */
  relation: string;
  /** The attribute's column in it (e.g. `a_industry`). */
  key: string;
}

/**
 * The DuckDB type a categorical column of `leads` should have after this run: an ENUM of every
 * distinct value (the stored dictionary's and the new rows', sorted as DuckDB sorts VARCHAR, so
 * ORDER BY on the column still sorts by text), or VARCHAR when there are none or more than
 * {@link MAX_DICTIONARY}, or when the column is VARCHAR already (stores written before dictionary
 * encoding keep their type).
 *
 * Why an ENUM: each lead then stores a small integer code. Writing it skips the string
 * compression analysis (half the write cost of the column), and scoring reads each attribute's
 * points from a list indexed by the code instead of comparing text (issue 6). Every reader that
 * treats the column as text still can: DuckDB casts an ENUM to VARCHAR wherever text is expected.
 *
 * @returns the type to give the column, or undefined when it keeps the one it has.
 * @example
 * await categoricalType(conn, "industry", undefined, [{ relation: "ll_leads_ok", key: "a_industry" }])
 * // → "ENUM('finance', 'retail', 'software')"
 */
export async function categoricalType(
  conn: DuckDBConnection,
  column: string,
  have: string | undefined,
  incoming: NewValues[],
): Promise<string | undefined> {
  if (have !== undefined && !isEnumType(have)) return undefined;
  const stored = have === undefined ? [] : await storedValues(conn, column);
  const sources = incoming.map((s) => `SELECT CAST(${ident(s.key)} AS VARCHAR) AS v FROM ${ident(s.relation)}`);
  if (stored.length) sources.push(`SELECT unnest(${listLiteral(stored)}) AS v`);
  if (!sources.length) return have === undefined ? "VARCHAR" : undefined;
  // One hash aggregate (DISTINCT), cut one past the limit so a free-text column returns little.
  const [r] = await all<{ n: number; values: string[] | null }>(
    conn,
    `SELECT count(*) AS n, list(v ORDER BY v) AS "values"
     FROM (SELECT DISTINCT v FROM (${sources.join(" UNION ALL ")}) WHERE v IS NOT NULL LIMIT ${MAX_DICTIONARY + 1})`,
  );
  if (r.n > MAX_DICTIONARY) r.values = null;
  const type = r.values && r.n > 0 ? enumType(r.values) : "VARCHAR";
  if (have === undefined) return type;
  const same = r.values && r.values.length === stored.length && r.values.every((v, i) => v === stored[i]);
  return same ? undefined : type;
}

/** The dictionary of an ENUM column of `leads`, in code order (empty when leads has no rows). */
export async function storedValues(conn: DuckDBConnection, column: string): Promise<string[]> {
  const r = await all<{ values: string[] }>(
    conn,
    `SELECT enum_range(${ident(column)})::VARCHAR[] AS "values" FROM leads LIMIT 1`,
  );
  return r[0]?.values ?? [];
}

function listLiteral(values: string[]): string {
  return `[${values.map(literal).join(", ")}]::VARCHAR[]`;
}

/** `ENUM('a', 'b', …)` for a list of distinct values. */
export function enumType(values: string[]): string {
  return `ENUM(${values.map(literal).join(", ")})`;
}

/** True for a DuckDB ENUM type as information_schema spells it (`ENUM('a', 'b')`). */
export function isEnumType(type: string): boolean {
  return /^ENUM\(/i.test(type);
}
