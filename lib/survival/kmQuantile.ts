import type { KaplanMeier } from "./kaplanMeierFromCounts.ts";

/**
 * The q-quantile of the time to event: the smallest event time with Ŝ(t) < 1 − q (strict, the
 * SAS / statsmodels convention; R's survfit uses ≤ and averages when Ŝ equals 1 − q exactly on
 * an interval). q = 0.5 gives the median days in stage. null when Ŝ never falls that low
 * (not enough leads have moved on yet).
 *
 * @example
 * kmQuantile(kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]), 0.5) // → 3 (Ŝ(2) = 0.5 is not < 0.5)
 */
export function kmQuantile(km: KaplanMeier, q: number): number | null {
  if (!(q > 0 && q < 1)) throw new RangeError(`a quantile needs 0 < q < 1, got ${q}`);
  const target = 1 - q;
  const j = km.survival.findIndex((s) => s < target);
  return j < 0 ? null : km.times[j];
}
