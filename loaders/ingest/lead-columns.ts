import type { DuckDBConnection } from "@duckdb/node-api";
import { all, hasRows, ident } from "../../lib/store/index.ts";
import type { SourceConfig } from "../config/types.ts";
import { categoricalType } from "./dictionary.ts";
import type { Part } from "./part.ts";

/** The built-in text columns of `leads` that are dictionary-encoded like categorical attributes. */
export const ENCODED_LEAD_COLUMNS = ["channel", "campaign"] as const;

/**
 * Gives `leads.channel` and `leads.campaign` the type {@link categoricalType} picks for them: an ENUM
 * of their sorted values (this run's and the stored dictionary's), VARCHAR above its limit. While
 * `leads` is empty the dictionary starts afresh (a new store's columns are created VARCHAR); a store
 * whose leads already hold a VARCHAR column keeps it. Readers still see text (an ENUM casts to
 * VARCHAR wherever text is expected).
 */
export async function encodeLeadColumns(conn: DuckDBConnection, c: SourceConfig, p: Part): Promise<void> {
  const configured = ENCODED_LEAD_COLUMNS.filter((k) => c.leads[k]);
  if (!configured.length) return;
  const types = new Map(
    (
      await all<{ name: string; type: string }>(
        conn,
        `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = 'leads'`,
      )
    ).map((r) => [r.name, r.type]),
  );
  const empty = !(await hasRows(conn, "leads"));
  for (const column of configured) {
    const have = types.get(column)!;
    const type = await categoricalType(conn, column, empty ? undefined : have, [{ relation: p.ok, key: column }]);
    if (type && type !== have) await conn.run(`ALTER TABLE leads ALTER COLUMN ${ident(column)} TYPE ${type}`);
  }
}
