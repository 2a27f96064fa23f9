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

/**
 * Like {@link segmentCounts} for several segment expressions at once: one pass over the leads
 * (GROUPING SETS), one list of counts per expression, in the same order.
 *
 * @example
 * await segmentCountsBatch(conn, [categoricalSql('"channel"'), categoricalSql('"industry"')])
 * // → [[{ segment: "organic_search", n: 2296, converted: 271 }, …], [{ segment: "software", … }, …]]
 */
export async function segmentCountsBatch(conn: DuckDBConnection, exprs: string[], range: { from?: string; to?: string } = {}): Promise<SegmentCount[][]> {
  if (exprs.length === 0) return [];
  const cols = exprs.map((_, i) => `s${i}`);
  const which = cols.map((c, i) => `WHEN grouping(${c}) = 0 THEN ${i}`).join(" ");
  const value = cols.map((c) => `WHEN grouping(${c}) = 0 THEN ${c}`).join(" ");
  const rows = await all<SegmentCount & { k: number } & Record<string, unknown>>(
    conn,
    `WITH x AS (SELECT won, ${exprs.map((e, i) => `${e} AS s${i}`).join(", ")} FROM (${convertedLeadsSql(range)}))
     SELECT CASE ${which} END AS k, CASE ${value} END AS segment, count(*) AS n, count(*) FILTER (WHERE won) AS converted
     FROM x GROUP BY GROUPING SETS (${cols.map((c) => `(${c})`).join(", ")})
     ORDER BY k, n DESC, segment`,
  );
  return exprs.map((_, i) => rows.filter((r) => r.k === i).map(({ segment, n, converted }) => ({ segment, n, converted })));
}
