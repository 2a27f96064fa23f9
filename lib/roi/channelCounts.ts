import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/index.ts";
import { leadStagesSql, type StoredLeadStages } from "../funnel/leadStages.ts";
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
  /** Per-lead stages already computed by `storeLeadStages`, read instead of recomputed when they match. */
  stored?: StoredLeadStages;
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
  return `WITH ${countsCtes(o)}\n${COUNTS_SELECT(o)}`;
}

/**
 * The lead-stages relation `ls` (computed once: MATERIALIZED, it is read by the attribution, the
 * join and the score look-up), attribution `att`, latest score `sc`, and the per-lead rows `x`.
 * Scores are looked up only for open qualified leads, the only rows whose probability is summed:
 * the same sums as over every score, without aggregating every lead's scores.
 */
function countsCtes(o: ChannelCountOptions): string {
  const reached = (i: number) => (i >= 0 ? `reached${i}` : "NULL");
  const openQ = (alias: string) =>
    `${alias}.outcome = 'open' AND NOT ${alias}.converted AND ${o.mqlIndex >= 0 ? `${alias}.reached${o.mqlIndex}` : "true"}`;
  return `ls AS MATERIALIZED (${leadStagesSql({ order: o.order, from: o.from, to: o.to, stored: o.stored })}),
att AS (${attributionSql(o.attribution, o.asOf)}),
sc AS (SELECT lead_id, arg_max(probability, scored_at) AS p FROM scores
  WHERE lead_id IN (SELECT lead_id FROM ls WHERE ${openQ("ls")}) GROUP BY lead_id),
x AS (
  SELECT att.a_channel, att.w, ls.channel AS own_channel, ${periodKeySql(o.period, "ls.created_at")} AS period,
    ${reached(o.mqlIndex)} AS is_mql, ${reached(o.sqlIndex)} AS is_sql, ls.converted AS is_won, ls.amount,
    ${openQ("ls")} AS open_q, sc.p
  FROM ls JOIN att USING (lead_id) LEFT JOIN sc USING (lead_id)
)`;
}

const COUNTS_SELECT = (o: ChannelCountOptions) => `SELECT a_channel AS channel, period, own_channel,
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

/**
 * Deal statistics over the lead-stages relation `ls`: per lead channel, and overall (grouping set ()).
 * Ordered by channel: without ORDER BY the rows came in hash-table order, which changed from run to
 * run (and with the thread count), and the report publishes them in this order.
 */
const DEALS_SELECT = `SELECT channel, grouping(channel) = 1 AS overall, count(amount) AS n, avg(amount) AS mean, var_samp(amount) AS variance
     FROM ls WHERE converted AND amount IS NOT NULL GROUP BY GROUPING SETS ((channel), ()) ORDER BY overall, channel`;

/** Runs {@link channelCountsSql}. */
export async function channelCounts(conn: DuckDBConnection, o: ChannelCountOptions): Promise<ChannelCountRow[]> {
  return all<ChannelCountRow & Record<string, unknown>>(conn, channelCountsSql(o));
}

/**
 * {@link channelCounts} and {@link dealStats} from one computation of the lead stages: the stage
 * history and outcomes are aggregated per lead once, not once per figure (at 10M leads that pass is
 * most of the cost). One query; its rows are told apart by a `part` column.
 */
export async function roiCounts(
  conn: DuckDBConnection,
  o: ChannelCountOptions,
): Promise<{ counts: ChannelCountRow[]; deals: { byChannel: DealStats[]; overall: DealStats } }> {
  const rows = await all<Record<string, unknown>>(
    conn,
    `WITH ${countsCtes(o)},
counts AS (${COUNTS_SELECT(o)}),
deals AS (${DEALS_SELECT})
SELECT 'counts' AS part, * FROM counts
UNION ALL BY NAME
SELECT 'deals' AS part, * FROM deals
ORDER BY part, overall, channel`,
  );
  const pick = <T>(r: Record<string, unknown>, keys: readonly string[]) =>
    Object.fromEntries(keys.map((k) => [k, r[k]])) as T;
  const counts = rows.filter((r) => r.part === "counts").map((r) => pick<ChannelCountRow>(r, COUNT_KEYS));
  return {
    counts,
    deals: splitDeals(
      rows.filter((r) => r.part === "deals").map((r) => pick<DealStats & { overall: boolean }>(r, DEAL_KEYS)),
    ),
  };
}

/** The columns of a channel count row and of a deal-statistics row, in their queries' order. */
const COUNT_KEYS = [
  "channel",
  "period",
  "own_channel",
  "leads",
  "mqls",
  "sqls",
  "won",
  "revenue",
  "open_qualified",
  "scored",
  "sum_wp",
  "sum_w2p",
  "sum_w2p2",
] as const;
const DEAL_KEYS = ["channel", "overall", "n", "mean", "variance"] as const;

function splitDeals(rows: (DealStats & { overall: boolean })[]): { byChannel: DealStats[]; overall: DealStats } {
  const overall = rows.find((r) => r.overall) ?? { channel: null, n: 0, mean: null, variance: null };
  return { overall, byChannel: rows.filter((r) => !r.overall).map(({ overall: _, ...r }) => r) };
}

/** Won deal amounts per lead channel: count, mean and sample variance (for expected deal value). */
export interface DealStats {
  channel: string | null;
  n: number;
  mean: number | null;
  variance: number | null;
}

/** Deal-value statistics per lead channel and overall (channel = '(overall)' row last). */
export async function dealStats(
  conn: DuckDBConnection,
  o: Pick<ChannelCountOptions, "order" | "from" | "to" | "stored">,
): Promise<{ byChannel: DealStats[]; overall: DealStats }> {
  const rows = await all<DealStats & { overall: boolean } & Record<string, unknown>>(
    conn,
    `WITH ls AS (${leadStagesSql({ order: o.order, from: o.from, to: o.to, stored: o.stored })})
     ${DEALS_SELECT}`,
  );
  return splitDeals(rows);
}
