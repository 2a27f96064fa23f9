import { inverseRegularizedBeta } from "./inverseRegularizedBeta.ts";
import { checkCounts, type IntervalOptions, type ProportionInterval } from "./wilson.ts";

/**
 * Clopper–Pearson (1934) "exact" interval: lower = Beta⁻¹(α/2; x, n−x+1) (0 when x = 0),
 * upper = Beta⁻¹(1−α/2; x+1, n−x) (1 when x = n), as statsmodels `method="beta"`.
 * n = 0 gives NaNs like {@link wilson}.
 *
 * @example
 * clopperPearson(0, 10) // → { rate: 0, low: 0, high: 0.3084971078187604, n: 10 }
 */
export function clopperPearson(
  successes: number,
  n: number,
  { confidence = 0.95 }: IntervalOptions = {},
): ProportionInterval {
  checkCounts(successes, n);
  if (n === 0) return { rate: NaN, low: NaN, high: NaN, n };
  const tail = Math.round((1 - confidence) * 1e12) / 1e12 / 2;
  const low = successes === 0 ? 0 : inverseRegularizedBeta(tail, successes, n - successes + 1);
  // Upper tail by symmetry, 1 − Beta⁻¹(α/2; n−x, x+1): avoids inverting at p close to 1.
  const high = successes === n ? 1 : 1 - inverseRegularizedBeta(tail, n - successes, successes + 1);
  return { rate: successes / n, low, high, n };
}
