import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";

/** A row as plain JavaScript values: numbers, strings (dates as ISO text), booleans, arrays, null. */
export type Row = Record<string, unknown>;

/** Parameters for a prepared statement: positional ($1, $2, …) or named ($name). */
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/**
 * Converts one DuckDB value to a plain JS value. BIGINT/HUGEINT become numbers (lead counts fit in
 * 2^53), DECIMAL becomes a number, DATE/TIMESTAMP become their ISO text, LIST becomes an array.
 */
export function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "object") return v;
  const name = (v as object).constructor?.name ?? "";
  if (name === "DuckDBDecimalValue") return Number(String(v));
  if (name === "DuckDBListValue" || name === "DuckDBArrayValue") {
    return ((v as { items: unknown[] }).items ?? []).map(plain);
  }
  if (name === "DuckDBStructValue") {
    const entries = (v as { entries: Record<string, unknown> }).entries;
    return Object.fromEntries(Object.entries(entries).map(([k, x]) => [k, plain(x)]));
  }
  return String(v);
}

/**
 * Runs a query and returns every row as a plain object.
 *
 * @example
 * await all(conn, "SELECT channel, count(*) AS n FROM leads GROUP BY 1 ORDER BY 1")
 * // → [{ channel: "email", n: 493 }, …]
 */
export async function all<T extends Row = Row>(conn: DuckDBConnection, sql: string, params?: Params): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjects().map((r) => {
    const out: Row = {};
    for (const k in r) out[k] = plain(r[k]);
    return out as T;
  });
}

/** Runs a query and returns its first row, or undefined when it returns none. */
export async function one<T extends Row = Row>(
  conn: DuckDBConnection,
  sql: string,
  params?: Params,
): Promise<T | undefined> {
  return (await all<T>(conn, sql, params))[0];
}

/** Runs a statement for its effect. */
export async function exec(conn: DuckDBConnection, sql: string, params?: Params): Promise<void> {
  await conn.run(sql, params);
}

/**
 * Runs `work` inside one transaction: committed when it resolves, rolled back when it throws.
 * This is what makes ingest atomic: a failed or killed run leaves the database as it was.
 */
export async function transaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run("BEGIN TRANSACTION");
  try {
    const result = await work();
    await conn.run("COMMIT");
    return result;
  } catch (e) {
    await conn.run("ROLLBACK").catch(() => undefined);
    throw e;
  }
}

/** Quotes an identifier for SQL ("Lead Source" → "\"Lead Source\""). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for SQL. Prefer parameters; use this only where DuckDB takes no parameter. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * True when the table (or view, or any relation in SQL) has at least one row; reads one row at most.
 *
 * @example
 * await hasRows(conn, "stage_records") // → false on a new store
 */
export async function hasRows(conn: DuckDBConnection, table: string): Promise<boolean> {
  const r = await one<{ e: boolean }>(conn, `SELECT EXISTS (SELECT 1 FROM ${table}) AS e`);
  return r?.e === true;
}
