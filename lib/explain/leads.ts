import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/query.ts";
import { ident } from "../store/query.ts";
import type { ColumnsSql } from "../scorecard/score.ts";
import type { Rubric } from "../scorecard/types.ts";
import { explain, type ExplainOptions, type Explanation } from "./explain.ts";

/** Options for {@link explainLeads}. */
export interface ExplainLeadsOptions extends ExplainOptions {
  /** The relation leads are read from (default `leads`; a model may need its own, e.g. with `activity`). */
  relation?: string;
  /** Where each attribute's value is read (default: the quoted column name). */
  columns?: ColumnsSql;
}

/**
 * Reads the named leads' attribute values from the store and explains each; the lead ids not
 * found are returned in `missing` (in the order asked).
 */
export async function explainLeads(
  conn: DuckDBConnection,
  rubric: Rubric,
  leadIds: string[],
  options: ExplainLeadsOptions = {},
): Promise<{ leads: Array<Explanation & { lead_id: string }>; missing: string[] }> {
  const col = (name: string) =>
    typeof options.columns === "function" ? options.columns(name) : (options.columns?.[name] ?? ident(name));
  const select = rubric.attributes.map((a, i) => `${col(a.name)} AS v${i}`);
  const relation = options.relation ?? "leads";
  const placeholders = leadIds.map((_, i) => `$${i + 1}`).join(", ");
  const rows =
    leadIds.length === 0
      ? []
      : await all(
          conn,
          `SELECT CAST(lead_id AS VARCHAR) AS lead_id${select.map((s) => `, ${s}`).join("")} FROM ${relation} WHERE CAST(lead_id AS VARCHAR) IN (${placeholders})`,
          leadIds,
        );
  const byId = new Map(rows.map((r) => [String(r.lead_id), r]));
  const leads: Array<Explanation & { lead_id: string }> = [];
  const missing: string[] = [];
  for (const id of leadIds) {
    const r = byId.get(id);
    if (!r) {
      missing.push(id);
      continue;
    }
    const lead = Object.fromEntries(rubric.attributes.map((a, i) => [a.name, r[`v${i}`]]));
    leads.push({ lead_id: id, ...explain(rubric, lead, options) });
  }
  return { leads, missing };
}
