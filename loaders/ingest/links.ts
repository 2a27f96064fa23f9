import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal } from "../../lib/store/index.ts";
import type { SourceConfig } from "../config/types.ts";
import { flag, problem, PROBLEMS, type Part } from "./part.ts";

/**
 * Rows of a side file (outcome, stages, activities) must name a lead accepted in this run. A lead the
 * leads file had but rejected gets its own reason, so the analyst fixes the right file.
 */
export async function leadMustExist(conn: DuckDBConnection, p: Part, leads: Part, column: string): Promise<void> {
  // One join per side file against every id of the leads file, each marked accepted or not.
  await conn.run(`CREATE TEMP TABLE IF NOT EXISTS ll_lead_ids AS
    SELECT t.id, bool_or(o.id IS NOT NULL) AS accepted FROM ${ident(leads.typed)} t LEFT JOIN ${ident(leads.ok)} o ON o.source_row = t.source_row
    WHERE t.id IS NOT NULL GROUP BY t.id`);
  await conn.run(`INSERT INTO ${PROBLEMS}
    SELECT ${literal(p.name)}, t.source_row, ${literal(column)}, t.id,
           CASE WHEN l.id IS NULL THEN 'lead id not found in leads' ELSE 'lead rejected in the leads file' END
    FROM ${ident(p.typed)} t LEFT JOIN ll_lead_ids l ON l.id = t.id
    WHERE t.id IS NOT NULL AND (l.id IS NULL OR NOT l.accepted)`);
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
