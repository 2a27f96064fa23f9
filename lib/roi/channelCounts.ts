import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/index.ts";
import { leadStagesSql } from "../funnel/leadStages.ts";
import { attributionSql, type Attribution } from "./attribution.ts";
import { periodKeySql, type PeriodUnit } from "./periods.ts";
import type { RowCounts } from "./channelRow.ts";

/** Options for {@link channelCounts}. */
export interface ChannelCountOptions {
  order: string[];
  /** Index in `order` of the MQL and SQL stages (-1 when not configured). */
  mqlIndex: number;
  sqlIndex: number;
  period: PeriodUnit;
  attribution: Attribution;
  asOf: string | null;
  from?: string;
  to?: string;
}

/**
 * Attributed counts of one (channel, period, lead's own channel) cell; fractional under linear
 * attribution. `sum_wp`, `sum_w2p`, `sum_w2p2` are Σw·p, Σw²·p, Σw²·p² over the open qualified
 * leads that have a score (p = latest calibrated probability): what the projected value and its
 * variance need.
 */
export interface ChannelCountRow extends RowCounts {
  channel: string | null;
  period: string;
  own_channel: string | null;
  sum_wp: number;
  sum_w2p: number;
  sum_w2p2: number;
}

/**
 * SQL aggregating leads per attributed channel and period of creation: leads, MQLs and SQLs
 * reached (skips credited), won deals and revenue, and the scored open qualified leads.
 */
export function channelCountsSql(o: ChannelCountOptions): string {
  const reached = (i: number) => (i >= 0 ? `reached${i}` : "NULL");
  return `
WITH ls AS (${leadStagesSql({ order: o.order, from: o.from, to: o.to })}),
att AS (${attributionSql(o.attribution, o.asOf)}),
sc AS (SELECT lead_id, arg_max(probability, scored_at) AS p FROM scores GROUP BY lead_id),
x AS (
  SELECT att.a_channel, att.w, ls.channel AS own_channel, ${periodKeySql(o.period, "ls.created_at")} AS period,
    ${reached(o.mqlIndex)} AS is_mql, ${reached(o.sqlIndex)} AS is_sql, ls.converted AS is_won, ls.amount,
    ls.outcome = 'open' AND NOT ls.converted AND ${o.mqlIndex >= 0 ? `reached${o.mqlIndex}` : "true"} AS open_q, sc.p
  FROM ls JOIN att USING (lead_id) LEFT JOIN sc USING (lead_id)
)
SELECT a_channel AS channel, period, own_channel,
  sum(w) AS leads,
  ${o.mqlIndex >= 0 ? "coalesce(sum(w) FILTER (WHERE is_mql), 0)" : "NULL"} AS mqls,
  ${o.sqlIndex >= 0 ? "coalesce(sum(w) FILTER (WHERE is_sql), 0)" : "NULL"} AS sqls,
  coalesce(sum(w) FILTER (WHERE is_won), 0) AS won,
  sum(w * amount) FILTER (WHERE is_won) AS revenue,
  coalesce(sum(w) FILTER (WHERE open_q), 0) AS open_qualified,
  coalesce(sum(w) FILTER (WHERE open_q AND p IS NOT NULL), 0) AS scored,
  coalesce(sum(w * p) FILTER (WHERE open_q), 0) AS sum_wp,
  coalesce(sum(w * w * p) FILTER (WHERE open_q), 0) AS sum_w2p,
  coalesce(sum(w * w * p * p) FILTER (WHERE open_q), 0) AS sum_w2p2
FROM x GROUP BY ALL`;
}

/** Runs {@link channelCountsSql}. */
export async function channelCounts(conn: DuckDBConnection, o: ChannelCountOptions): Promise<ChannelCountRow[]> {
  return all<ChannelCountRow & Record<string, unknown>>(conn, channelCountsSql(o));
}

/** Won deal amounts per lead channel: count, mean and sample variance (for expected deal value). */
export interface DealStats {
  channel: string | null;
  n: number;
  mean: number | null;
  variance: number | null;
}

/** Deal-value statistics per lead channel and overall (channel = '(overall)' row last). */
export async function dealStats(conn: DuckDBConnection, o: Pick<ChannelCountOptions, "order" | "from" | "to">): Promise<{ byChannel: DealStats[]; overall: DealStats }> {
  const rows = await all<DealStats & { overall: boolean } & Record<string, unknown>>(
    conn,
    `WITH ls AS (${leadStagesSql({ order: o.order, from: o.from, to: o.to })})
     SELECT channel, grouping(channel) = 1 AS overall, count(amount) AS n, avg(amount) AS mean, var_samp(amount) AS variance
     FROM ls WHERE converted AND amount IS NOT NULL GROUP BY GROUPING SETS ((channel), ())`,
  );
  const overall = rows.find((r) => r.overall) ?? { channel: null, n: 0, mean: null, variance: null };
  return { byChannel: rows.filter((r) => !r.overall).map(({ overall: _, ...r }) => r), overall };
}
