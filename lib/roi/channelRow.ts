import type { Projected } from "./projectedValue.ts";

/** One channel (in one period) of the ROI report. */
export interface RoiRow {
  channel: string;
  /** Present in `by_period` rows. */
  period?: string;
  /** Spend prorated to the period; null when no spend is recorded for the channel ("cost unknown"). */
  spend: number | null;
  leads: number;
  mqls: number | null;
  sqls: number | null;
  won: number;
  /** Sum of won amounts; null when deals were won but none has an amount (revenue unknown). */
  revenue: number | null;
  cost_per_lead: number | null;
  cost_per_mql: number | null;
  cost_per_sql: number | null;
  cost_per_won: number | null;
  /** Clicks recorded with the spend (spend.clicks), prorated like it; null when none were. */
  clicks: number | null;
  /** spend / clicks; null when either is unknown or clicks are zero. */
  cost_per_click: number | null;
  /** (revenue − spend) / spend; null when spend is unknown or zero. */
  roi: number | null;
  /** Σ calibrated probability × expected deal value over open qualified leads; null without scores. */
  projected_value: number | null;
  projected_value_ci: [number, number] | null;
  /** (revenue + projected value − spend) / spend. */
  projected_roi: number | null;
  /** Open leads that reached the qualified (MQL) stage, and how many of them have a score. */
  open_qualified: number;
  scored: number;
  /** True when no spend is recorded for this channel in the period. */
  cost_unknown: boolean;
}

/** Counts of one channel (and period) before costs. */
export interface RowCounts {
  leads: number;
  mqls: number | null;
  sqls: number | null;
  won: number;
  /** Null when no won deal of the cell has an amount. */
  revenue: number | null;
  open_qualified: number;
  scored: number;
}

const per = (spend: number | null, n: number | null): number | null =>
  spend === null || n === null || n === 0 ? null : spend / n;
const ratio = (gain: number | null, spend: number | null): number | null =>
  gain === null || spend === null || spend === 0 ? null : (gain - spend) / spend;

/**
 * Costs and returns of one channel from its counts, spend and projected value. No spend recorded
 * → every cost and ROI is null and the row says cost unknown; never an infinite ROI. A cost per
 * stage with no leads at that stage is null too.
 *
 * @example
 * channelRow("email", 1000, { leads: 100, mqls: 40, sqls: 10, won: 4, revenue: 3000, open_qualified: 12, scored: 12 }, null)
 * // → { channel: "email", spend: 1000, cost_per_lead: 10, cost_per_mql: 25, cost_per_sql: 100, cost_per_won: 250, roi: 2, … }
 */
export function channelRow(
  channel: string,
  spend: number | null,
  c: RowCounts,
  projected: Projected | null,
  period?: string,
  clicks: number | null = null,
): RoiRow {
  return {
    channel,
    ...(period !== undefined ? { period } : {}),
    spend,
    leads: c.leads,
    mqls: c.mqls,
    sqls: c.sqls,
    won: c.won,
    revenue: c.revenue,
    cost_per_lead: per(spend, c.leads),
    cost_per_mql: per(spend, c.mqls),
    cost_per_sql: per(spend, c.sqls),
    cost_per_won: per(spend, c.won),
    clicks,
    cost_per_click: per(spend, clicks),
    roi: ratio(c.revenue, spend),
    projected_value: projected ? projected.value : null,
    projected_value_ci: projected ? [projected.low, projected.high] : null,
    projected_roi: projected && c.revenue !== null ? ratio(c.revenue + projected.value, spend) : null,
    open_qualified: c.open_qualified,
    scored: c.scored,
    cost_unknown: spend === null,
  };
}
