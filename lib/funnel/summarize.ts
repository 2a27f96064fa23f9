import { wilson } from "../stats/index.ts";
import {
  kaplanMeierFromCounts,
  survivalAt,
  kmQuantile,
  kmQuantileCI,
  rmst,
  type KaplanMeier,
} from "../survival/index.ts";
import { naiveMedian } from "./naiveMedian.ts";

/** Options for {@link summarizeVelocity}. */
export interface SummaryOptions {
  /** Days at which to read P(moved on within t). Default [30, 90, 180]. */
  within?: number[];
  /** Horizon (days) of the restricted mean time to move on. Default 180. */
  horizon?: number;
  /** Groups with fewer entered leads than this are flagged `small`. Default 30. */
  minN?: number;
}

/** Counts of one transition for one group, as produced by velocityCounts. */
export interface GroupCounts {
  duration: number | null;
  excluded: boolean;
  events: number;
  censored: number;
}

/** Conversion and velocity of one transition (overall or for one group). */
export interface VelocityStats {
  entered: number;
  moved_on: number;
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** Kaplan–Meier median days to move on (null when fewer than half move on within follow-up). */
  km_median_days: number | null;
  /** 95% CI of the KM median (Brookmeyer–Crowley); an open upper end is null. */
  km_median_ci: [number | null, number | null];
  /** Median days over the leads that already moved on only (biased fast; shown for contrast). */
  naive_median_days: number | null;
  /** KM 25th, 75th and 90th percentiles of days to move on. */
  quantiles: { "25": number | null; "75": number | null; "90": number | null };
  /** P(moved on within t days) = 1 − S(t); null beyond the longest follow-up. */
  p_within: Record<string, number | null>;
  /** Restricted mean days to move on, within `rmst_horizon` days. */
  rmst_days: number | null;
  rmst_horizon: number;
  /** Leads that entered with usable dates (in the KM curve). */
  timed: number;
  /** Leads left out of velocity because of a data-quality problem on their dates. */
  excluded_quality: number;
  /** Leads left out of velocity because a needed date is missing. */
  undated: number;
  /** Fewer than minN leads entered: read with care. */
  small: boolean;
}

const finite = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/**
 * Summarises one transition for one group: Wilson interval of the conversion rate, and a
 * Kaplan–Meier curve of days to move on from the (time, events, censored) counts.
 *
 * @example
 * summarizeVelocity([{ duration: 10, excluded: false, events: 2, censored: 0 },
 *                    { duration: 40, excluded: false, events: 0, censored: 2 }])
 * // → { entered: 4, moved_on: 2, rate: 0.5, km_median_days: 10, naive_median_days: 10,
 * //     p_within: { "30": 0.5, "90": null, "180": null }, … }
 */
export function summarizeVelocity(rows: GroupCounts[], opts: SummaryOptions = {}): VelocityStats {
  const { within = [30, 90, 180], horizon = 180, minN = 30 } = opts;
  const sum = (rs: GroupCounts[], f: (r: GroupCounts) => number) => rs.reduce((s, r) => s + f(r), 0);
  const entered = sum(rows, (r) => r.events + r.censored);
  const moved = sum(rows, (r) => r.events);
  const timedRows = rows.filter((r) => !r.excluded && r.duration !== null);
  const ci = entered > 0 ? wilson(moved, entered) : null;
  const km = kmFigures(timedRows, within, horizon);
  return {
    entered,
    moved_on: moved,
    rate: ci ? ci.rate : null,
    ci_low: ci ? ci.low : null,
    ci_high: ci ? ci.high : null,
    km_median_days: km.km_median_days,
    km_median_ci: km.km_median_ci,
    naive_median_days: naiveMedian(timedRows.map((r) => ({ duration: r.duration!, count: r.events }))),
    p_within: km.p_within,
    quantiles: km.quantiles,
    rmst_days: km.rmst_days,
    rmst_horizon: horizon,
    timed: sum(timedRows, (r) => r.events + r.censored),
    excluded_quality: sum(
      rows.filter((r) => r.excluded),
      (r) => r.events + r.censored,
    ),
    undated: sum(
      rows.filter((r) => !r.excluded && r.duration === null),
      (r) => r.events + r.censored,
    ),
    small: entered < minN,
  };
}

type KmFigures = Pick<VelocityStats, "km_median_days" | "km_median_ci" | "quantiles" | "p_within" | "rmst_days">;

/** The Kaplan–Meier readings; all null when no lead has usable dates. */
export function kmFigures(rows: GroupCounts[], within: number[], horizon: number): KmFigures {
  const counts = rows.map((r) => ({ time: r.duration!, events: r.events, censored: r.censored }));
  if (counts.length === 0) {
    return {
      km_median_days: null,
      km_median_ci: [null, null],
      quantiles: { "25": null, "75": null, "90": null },
      p_within: Object.fromEntries(within.map((t) => [String(t), null])),
      rmst_days: null,
    };
  }
  const km = kaplanMeierFromCounts(counts);
  const median = finite(kmQuantile(km, 0.5));
  const [lo, hi] = medianInterval(km, median);
  // survivalAt and rmst give NaN beyond the longest follow-up (the curve is not estimated
  // there): that becomes null, never an extrapolation.
  return {
    km_median_days: median,
    km_median_ci: [lo, hi],
    quantiles: {
      "25": finite(kmQuantile(km, 0.25)),
      "75": finite(kmQuantile(km, 0.75)),
      "90": finite(kmQuantile(km, 0.9)),
    },
    p_within: Object.fromEntries(within.map((t) => [String(t), finite(1 - survivalAt(km, t))])),
    rmst_days: finite(rmst(km, horizon).rmst),
  };
}

/**
 * The Brookmeyer–Crowley interval of the median. With many leads and durations in whole days,
 * Ŝ can jump across ½ in one day while every event time's Ŝ is significantly above or below ½:
 * the test-inversion set is then empty (statsmodels returns NaN). Every day before the median is
 * rejected as too early and every day from it on as too late, so the interval is the median's
 * own day, [m, m].
 */
export function medianInterval(km: KaplanMeier, median: number | null): [number | null, number | null] {
  const [lo, hi] = kmQuantileCI(km, 0.5);
  if (median !== null && finite(lo) === null && finite(hi) === null) return [median, median];
  return [finite(lo), finite(hi)];
}
