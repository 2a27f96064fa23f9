import type { KaplanMeier } from "./kaplanMeierFromCounts.ts";

/** Options of {@link survivalAt}. */
export interface SurvivalAtOptions {
  /**
   * What to return after the end of follow-up (t > km.maxTime) while Ŝ > 0: "nan" (default,
   * the curve is unknown there) or "last" (carry the last value forward, as R's summary does).
   */
  beyond?: "nan" | "last";
}

/**
 * Ŝ(t), the probability of still being in the stage after t (right-continuous step function).
 * 1 − survivalAt(km, 30) is the probability of moving on within 30 days.
 *
 * @example
 * const km = kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]);
 * survivalAt(km, 0.5) // → 1
 * survivalAt(km, 2)   // → 0.5
 * survivalAt(km, 9)   // → 0  (Ŝ reached 0, so known beyond follow-up)
 * With no leads at all the curve is unknown: NaN.
 */
export function survivalAt(km: KaplanMeier, t: number, { beyond = "nan" }: SurvivalAtOptions = {}): number {
  if (Number.isNaN(t) || km.n === 0) return NaN;
  // Last event time ≤ t by binary search.
  let lo = 0;
  let hi = km.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (km.times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  const s = lo === 0 ? 1 : km.survival[lo - 1];
  if (t > km.maxTime && s > 0 && beyond === "nan") return NaN;
  return s;
}
