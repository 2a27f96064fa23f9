import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../errors/UserError.ts";
import { all, one } from "../store/query.ts";
import { resolveSource, type LeadSource } from "./relation.ts";

/** Recent leads at one points total: how many, and how many are expected to convert (Σ probability). */
export interface PointsVolume {
  points: number;
  leads: number;
  expected: number;
}

/** A threshold: leads with points ≥ `threshold` pass. Volumes are per week over the recent period. */
export interface Threshold {
  method: "capacity" | "value";
  /** Lowest passing points; null when no lead passes (nothing worth contacting). */
  threshold: number | null;
  weekly_leads: number;
  weekly_expected_conversions: number;
  /** Σ (deal value × probability − contact cost) per week; present when a deal value was given. */
  weekly_expected_value?: number;
  /** Share of recent leads that pass. */
  share_of_leads: number;
  /** Expected conversion rate of passing leads (expected conversions / leads). */
  expected_rate: number;
  /** capacity: false when even the top points total brings more leads than the capacity. */
  fits?: boolean;
}

function summarize(
  rows: PointsVolume[],
  t: number | null,
  weeks: number,
  value?: { dealValue: number; contactCost: number },
): Omit<Threshold, "method"> {
  const pass = t === null ? [] : rows.filter((r) => r.points >= t);
  const leads = pass.reduce((s, r) => s + r.leads, 0);
  const expected = pass.reduce((s, r) => s + r.expected, 0);
  const total = rows.reduce((s, r) => s + r.leads, 0);
  const out: Omit<Threshold, "method"> = {
    threshold: t,
    weekly_leads: leads / weeks,
    weekly_expected_conversions: expected / weeks,
    share_of_leads: total > 0 ? leads / total : NaN,
    expected_rate: leads > 0 ? expected / leads : NaN,
  };
  if (value) out.weekly_expected_value = (value.dealValue * expected - value.contactCost * leads) / weeks;
  return out;
}

function descending(rows: PointsVolume[]): PointsVolume[] {
  return [...rows].filter((r) => r.leads > 0).sort((a, b) => b.points - a.points);
}

/**
 * The threshold sales capacity allows: the lowest points total whose weekly volume (leads at or
 * above it, over the recent `weeks`) fits `capacity` leads per week. When even the top total
 * brings more, that top total is returned with `fits: false`.
 *
 * @example
 * thresholdByCapacity([{ points: 700, leads: 20, expected: 8 }, { points: 650, leads: 40, expected: 6 }, { points: 600, leads: 100, expected: 3 }], { weeks: 4, capacity: 15 })
 * // → { method: "capacity", threshold: 650, weekly_leads: 15, weekly_expected_conversions: 3.5, share_of_leads: 0.375, expected_rate: 0.233, fits: true }
 */
export function thresholdByCapacity(
  rows: PointsVolume[],
  o: { weeks: number; capacity: number; dealValue?: number; contactCost?: number },
): Threshold {
  if (!(o.capacity > 0))
    throw new UserError(`capacity must be a positive number of leads per week, got ${o.capacity}.`);
  const desc = descending(rows);
  let t: number | null = null;
  let cum = 0;
  for (const r of desc) {
    cum += r.leads;
    if (cum / o.weeks > o.capacity) break;
    t = r.points;
  }
  const fits = t !== null || desc.length === 0;
  if (t === null && desc.length > 0) t = desc[0].points;
  const value = o.dealValue !== undefined ? { dealValue: o.dealValue, contactCost: o.contactCost ?? 0 } : undefined;
  return { method: "capacity", ...summarize(rows, t, o.weeks, value), fits };
}

/**
 * The threshold where contacting a lead pays: the lowest points total such that, at it and at
 * every total above, deal value × expected conversion rate − contact cost > 0. Expected value is
 * computed from the (calibrated) probabilities behind `expected`.
 *
 * @example
 * thresholdByValue([{ points: 700, leads: 20, expected: 8 }, { points: 650, leads: 40, expected: 6 }, { points: 600, leads: 100, expected: 3 }], { weeks: 4, dealValue: 1000, contactCost: 100 })
 * // → { method: "value", threshold: 650, weekly_leads: 15, weekly_expected_conversions: 3.5, weekly_expected_value: 2000, … }
 */
export function thresholdByValue(
  rows: PointsVolume[],
  o: { weeks: number; dealValue: number; contactCost: number },
): Threshold {
  if (!(o.dealValue > 0)) throw new UserError(`deal value must be a positive amount, got ${o.dealValue}.`);
  if (!(o.contactCost >= 0)) throw new UserError(`contact cost must be zero or more, got ${o.contactCost}.`);
  let t: number | null = null;
  for (const r of descending(rows)) {
    if (o.dealValue * (r.expected / r.leads) - o.contactCost <= 0) break;
    t = r.points;
  }
  return { method: "value", ...summarize(rows, t, o.weeks, o) };
}

/** Options for {@link recentVolumes}. */
export interface RecentOptions {
  /** Points expression over the relation (e.g. rubricScoreSql of the scorecard). */
  pointsSql: string;
  /** Probability expression (calibrated when the model has calibration). */
  probabilitySql: string;
  /** Length of the recent period in weeks, ending at the newest lead. Default 12. */
  weeks?: number;
  /** When leads have no created_at: how many weeks of leads the data holds (all of it is "recent"). */
  dataWeeks?: number;
}

/**
 * Recent leads by points total (leads and expected conversions), read in SQL, and the number of
 * weeks they span: the last `weeks` before the newest created_at (or the whole span if shorter).
 */
export async function recentVolumes(
  conn: DuckDBConnection,
  source: LeadSource,
  o: RecentOptions,
): Promise<{ rows: PointsVolume[]; weeks: number; from: string | null; to: string | null }> {
  const s = resolveSource(source);
  const weeks = o.weeks ?? 12;
  const span = await one<{ lo: string | null; hi: string | null; days: number | null }>(
    conn,
    `SELECT CAST(MIN(created_at) AS VARCHAR) AS lo, CAST(MAX(created_at) AS VARCHAR) AS hi, DATE_DIFF('second', MIN(created_at), MAX(created_at)) / 86400.0 AS days FROM ${s.relation}`,
  );
  let where = "TRUE";
  let spanWeeks: number;
  let from: string | null = null;
  if (span?.hi) {
    const spanDays = Math.max(Number(span.days ?? 0), 1);
    if (weeks * 7 >= spanDays) {
      // The data are shorter than the period: all dated leads, over their own span.
      spanWeeks = spanDays / 7;
      from = span.lo;
      where = "created_at IS NOT NULL";
    } else {
      spanWeeks = weeks;
      const cut = await one<{ cut: string }>(
        conn,
        `SELECT CAST(CAST('${span.hi}' AS TIMESTAMP) - INTERVAL '${weeks * 7} days' AS VARCHAR) AS cut`,
      );
      from = cut!.cut;
      where = `created_at > CAST('${from}' AS TIMESTAMP)`;
    }
  } else {
    if (!(o.dataWeeks && o.dataWeeks > 0)) {
      throw new UserError(
        "The leads have no created_at dates, so a weekly volume cannot be measured. Say how many weeks of leads the data holds with --data-weeks N (e.g. --data-weeks 52), or choose thresholds by --deal-value and --contact-cost.",
      );
    }
    spanWeeks = o.dataWeeks;
  }
  const rows = await all<{ points: number; leads: number; expected: number }>(
    conn,
    `SELECT points, COUNT(*) AS leads, SUM(p) AS expected FROM (SELECT ${o.pointsSql} AS points, ${o.probabilitySql} AS p FROM ${s.relation} WHERE ${where}) r GROUP BY points ORDER BY points DESC`,
  );
  return {
    rows: rows.map((r) => ({ points: Number(r.points), leads: Number(r.leads), expected: Number(r.expected) })),
    weeks: spanWeeks,
    from,
    to: span?.hi ?? null,
  };
}
