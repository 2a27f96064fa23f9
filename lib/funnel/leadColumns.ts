import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/index.ts";
import { UserError } from "../errors/UserError.ts";

/** Columns of `leads` with their DuckDB types, in table order. */
export async function leadColumns(conn: DuckDBConnection): Promise<{ name: string; type: string }[]> {
  return all<{ name: string; type: string }>(
    conn,
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_name = 'leads' AND table_schema = current_schema() ORDER BY ordinal_position`,
  );
}

/**
 * Checks that every name in `wanted` is a column of `leads`; throws a UserError listing the
 * columns that exist otherwise.
 */
export async function checkLeadColumns(conn: DuckDBConnection, wanted: string[], option = "--by"): Promise<void> {
  const names = (await leadColumns(conn)).map((c) => c.name);
  const missing = wanted.filter((w) => !names.includes(w));
  if (missing.length) {
    const usable = names.filter((n) => !["lead_id", "source", "run_id"].includes(n));
    throw new UserError(
      `${option}: no lead attribute named ${missing.map((m) => `"${m}"`).join(", ")}. Attributes in this database: ${usable.join(", ")}.`,
    );
  }
}
