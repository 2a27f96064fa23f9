import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/index.ts";
import { createdFilter } from "../funnel/leadStages.ts";

/** Leads and conversions (won) of one segment. */
export interface SegmentCount {
  segment: string;
  n: number;
  converted: number;
}

/** SQL of every lead in range with its won flag (won = an outcome row with outcome 'won'). */
export function convertedLeadsSql(range: { from?: string; to?: string } = {}): string {
  return `SELECT l.*, coalesce(o.won, false) AS won FROM leads l
    LEFT JOIN (SELECT lead_id, bool_or(outcome = 'won') AS won FROM outcomes GROUP BY lead_id) o USING (lead_id)
    ${createdFilter(range.from, range.to)}`;
}

/**
 * Counts leads and conversions per segment, where `segmentSql` labels each lead (an expression
 * over lead columns, e.g. from binCaseSql or categoricalSql).
 *
 * @example
 * await segmentCounts(conn, categoricalSql('"channel"'))
 * // → [{ segment: "organic_search", n: 2296, converted: 271 }, …]
 */
export async function segmentCounts(conn: DuckDBConnection, segmentSql: string, range: { from?: string; to?: string } = {}): Promise<SegmentCount[]> {
  return all<SegmentCount & Record<string, unknown>>(
    conn,
    `SELECT ${segmentSql} AS segment, count(*) AS n, count(*) FILTER (WHERE won) AS converted
     FROM (${convertedLeadsSql(range)}) GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}
