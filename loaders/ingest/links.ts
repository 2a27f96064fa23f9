import type { DuckDBConnection } from "@duckdb/node-api";
import { hasRows, ident, literal } from "../../lib/store/index.ts";
import type { SourceConfig } from "../config/types.ts";
import { FLAGS, PROBLEMS, type Part } from "./part.ts";

/** A date of a side file that must not come before its lead's created_at. */
export interface DateCheck {
  /** Typed-table key of the date. */
  key: string;
  /** Source column, for rejects. */
  column: string;
  /** `outcome` or `stage`: the reason is `<what> before creation`. */
  what: string;
}

/**
 * Rows of a side file (outcome, stages, activities) must name a lead accepted in this run (a lead the
 * leads file had but rejected gets its own reason, so the analyst fixes the right file), and their
 * date must not be before the lead's created_at (rejected or flagged per
 * checks.outcome_before_created). One join per side file does both.
 */
export async function checkLeadLinks(
  conn: DuckDBConnection,
  c: SourceConfig,
  p: Part,
  leads: Part,
  column: string,
  date?: DateCheck,
): Promise<void> {
  const created = c.leads.created_at ? "max(o.created_at)" : "NULL::TIMESTAMP";
  await conn.run(`CREATE TEMP TABLE IF NOT EXISTS ll_lead_ids AS
    SELECT t.id, bool_or(o.id IS NOT NULL) AS accepted, ${created} AS created_at
    FROM ${ident(leads.typed)} t LEFT JOIN ${ident(leads.ok)} o ON o.source_row = t.source_row
    WHERE t.id IS NOT NULL GROUP BY t.id`);
  const dated = date && c.leads.created_at;
  const mode = c.checks?.outcome_before_created ?? "reject";
  const early = dated ? `t.${ident(date.key)} < l.created_at` : "false";
  const bad = "l.id IS NULL OR NOT l.accepted";
  await conn.run(`INSERT INTO ${PROBLEMS}
    SELECT ${literal(p.name)}, t.source_row,
           CASE WHEN ${bad} THEN ${literal(column)} ELSE ${literal(date?.column ?? column)} END,
           CASE WHEN ${bad} THEN t.id ELSE ${dated ? `t.${ident(date.key)}::VARCHAR` : "t.id"} END,
           CASE WHEN l.id IS NULL THEN 'lead id not found in leads' WHEN NOT l.accepted THEN 'lead rejected in the leads file'
                ELSE ${literal(`${date?.what ?? "date"} before creation`)} END
    FROM ${ident(p.typed)} t LEFT JOIN ll_lead_ids l ON l.id = t.id
    WHERE t.id IS NOT NULL AND (${bad}${mode === "reject" ? ` OR ${early}` : ""})`);
  if (dated && mode === "flag") {
    const k = `t.${ident(date.key)}`;
    await conn.run(`INSERT INTO ${FLAGS}
      SELECT ${literal(p.name)}, t.id, t.source_row, ${literal(date.column)}, ${k}::VARCHAR,
             ${literal(`${date.what} before creation: `)} || ${k} || ' is before created_at ' || l.created_at
      FROM ${ident(p.typed)} t JOIN ll_lead_ids l ON l.id = t.id WHERE l.accepted AND ${early}`);
  }
}

/** Deletes the rows of `table` that belong to this run's leads (skipped on an empty table: first loads are common). */
export async function replaceFor(conn: DuckDBConnection, table: string, leadsOk: string): Promise<void> {
  if (!(await hasRows(conn, table))) return;
  await conn.run(`DELETE FROM ${table} WHERE lead_id IN (SELECT id FROM ${leadsOk})`);
}
