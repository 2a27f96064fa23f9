import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "../../lib/store/index.ts";
import type { SourceConfig } from "../config/types.ts";
import { flag, problem, type Part } from "./part.ts";

/**
 * Rows of a side file (outcome, stages, activities) must name a lead accepted in this run. A lead the
 * leads file had but rejected gets its own reason, so the analyst fixes the right file.
 */
export async function leadMustExist(conn: DuckDBConnection, p: Part, leads: Part, column: string): Promise<void> {
  const ok = `(SELECT id FROM ${ident(leads.ok)})`;
  const seen = `(SELECT id FROM ${ident(leads.typed)} WHERE id IS NOT NULL)`;
  await problem(conn, p, `id IS NOT NULL AND id NOT IN ${ok} AND id IN ${seen}`, column, "id", "lead rejected in the leads file");
  await problem(conn, p, `id IS NOT NULL AND id NOT IN ${seen}`, column, "id", "lead id not found in leads");
}

/**
 * A date of a side file before its lead's created_at: rejected or flagged per checks.outcome_before_created.
 * `what` names it in the reason: `outcome before creation`, `stage before creation`.
 */
export async function beforeCreated(conn: DuckDBConnection, c: SourceConfig, p: Part, leads: Part, key: string, column: string, what: string): Promise<void> {
  const view = `${p.typed}_created`;
  await conn.run(`CREATE OR REPLACE TEMP VIEW ${ident(view)} AS
    SELECT t.*, l.created_at AS lead_created_at FROM ${ident(p.typed)} t JOIN ${ident(leads.ok)} l ON l.id = t.id`);
  const where = `${ident(key)} < lead_created_at`;
  if ((c.checks?.outcome_before_created ?? "reject") === "reject") {
    await problem(conn, p, where, column, ident(key), `${what} before creation`, view);
  } else {
    await flag(conn, p, where, "id", column, ident(key), `'${what} before creation: ' || ${ident(key)} || ' is before created_at ' || lead_created_at`, view);
  }
}

/** Deletes the rows of `table` that belong to this run's leads (skipped on an empty table: first loads are common). */
export async function replaceFor(conn: DuckDBConnection, table: string, leadsOk: string): Promise<void> {
  const r = await conn.runAndReadAll(`SELECT EXISTS (SELECT 1 FROM ${table})`);
  if (!r.getRows()[0][0]) return;
  await conn.run(`DELETE FROM ${table} WHERE lead_id IN (SELECT id FROM ${leadsOk})`);
}
