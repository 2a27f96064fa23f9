import { literal } from "../store/index.ts";

/** Reporting period: calendar month, quarter, or the whole range. */
export type PeriodUnit = "month" | "quarter" | "all";

/**
 * SQL labelling a timestamp with its reporting period ('2024-03', '2024-Q1' or 'all');
 * undated rows get '(no date)' unless the unit is 'all'.
 */
export function periodKeySql(unit: PeriodUnit, col: string): string {
  if (unit === "all") return "'all'";
  const key =
    unit === "quarter"
      ? `CAST(year(${col}) AS VARCHAR) || '-Q' || CAST(quarter(${col}) AS VARCHAR)`
      : `strftime(${col}, '%Y-%m')`;
  return `coalesce(${key}, '(no date)')`;
}

/**
 * SQL of spend prorated to reporting periods: one row per (channel, period) with the share of
 * each spend row's amount (and clicks: NULL unless every spend row of the cell recorded them, so a
 * cost per click is never spend over part of the clicks) that falls in the period, by days (period_end is inclusive), clipped
 * to [from, to] when given.
 *
 * @example
 * // spend 2024-01-16 … 2024-02-14 (30 days), 3000 → 2024-01: 1600 (16 days), 2024-02: 1400 (14 days)
 */
export function proratedSpendSql(unit: PeriodUnit, from?: string, to?: string): string {
  const lo = from ? `${literal(from)}::DATE` : "DATE '0001-01-01'";
  const hi = to ? `${literal(to)}::DATE` : "DATE '9999-12-31'";
  const step = unit === "quarter" ? "INTERVAL 3 MONTH" : "INTERVAL 1 MONTH";
  const slices =
    unit === "all"
      ? `SELECT s.*, ${lo} AS p_start, ${hi} AS p_end, 'all' AS period FROM spend s`
      : `SELECT s.*, p.p_start::DATE AS p_start, (p.p_start + ${step} - INTERVAL 1 DAY)::DATE AS p_end, ${periodKeySql(unit, "p.p_start")} AS period
         FROM spend s, LATERAL (SELECT unnest(generate_series(date_trunc('${unit}', s.period_start), date_trunc('${unit}', s.period_end), ${step})) AS p_start) p`;
  return `
SELECT channel, period, sum(amount * overlap / days) AS spend, CASE WHEN count(clicks) = count(*) THEN sum(clicks * overlap / days) END AS clicks, count(*) AS spend_rows FROM (
  SELECT channel, period, amount, clicks, date_diff('day', period_start, period_end) + 1 AS days,
    date_diff('day', greatest(period_start, p_start, ${lo}), least(period_end, p_end, ${hi})) + 1 AS overlap
  FROM (${slices})
) WHERE overlap > 0 AND days > 0 GROUP BY 1, 2`;
}
