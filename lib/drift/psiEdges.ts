import { quantileLinear } from "../stats/quantileLinear.ts";

/**
 * Interior cut points for PSI bins: the k/bins quantiles (k = 1 … bins − 1) of the expected
 * (reference, e.g. training-window) values, numpy `quantile(method="linear")`. With the open
 * outer bins (−∞, q₁] … (q_{bins−1}, +∞) each bin holds about 1/bins of the expected sample
 * (ties can make them uneven). Duplicate cut points are kept (an empty bin then shows up).
 *
 * @example
 * psiEdges([1, 2, 3, 4, 5], 4) // → [2, 3, 4]
 */
export function psiEdges(expected: ArrayLike<number>, bins = 10): number[] {
  if (!(Number.isInteger(bins) && bins >= 2))
    throw new RangeError(`PSI needs an integer number of bins ≥ 2, got ${bins}`);
  if (expected.length === 0) throw new RangeError("PSI bin edges need at least one expected value");
  const sorted = Float64Array.from(expected as ArrayLike<number>);
  if (sorted.some((v) => !Number.isFinite(v))) throw new RangeError("PSI bin edges need finite values");
  sorted.sort();
  return Array.from({ length: bins - 1 }, (_, k) => quantileLinear(sorted, (k + 1) / bins));
}
