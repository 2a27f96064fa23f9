import { kolmogorovSurvival } from "../stats/kolmogorovSurvival.ts";
import { ksTwoSampleExactSurvival } from "../stats/ksTwoSampleExactSurvival.ts";
import { checkInputs } from "./scoreBlocks.ts";

/** Result of {@link ks}. */
export interface KsResult {
  /** D = max over scores t of |F₊(t) − F₋(t)|, the largest gap between the score distributions of converted and non-converted leads. */
  statistic: number;
  /** Score at which the gap is largest (scipy `statistic_location`). */
  location: number;
  /** +1 when F₊ − F₋ is largest there (converted leads score lower), −1 when F₋ − F₊ is (the usual case for a working score). */
  sign: 1 | -1;
  /** Asymptotic two-sided p-value (scipy `method="asymp"`). */
  pValueAsymp: number;
  /** Exact two-sided p-value (scipy `method="exact"`, assumes no ties); NaN when skipped or too large to compute. */
  pValueExact: number;
  /** Converted and non-converted leads. */
  positives: number;
  negatives: number;
}

// Number of values ≤ x in an ascending array (numpy searchsorted side="right").
function countAtMost(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Two-sample Kolmogorov–Smirnov statistic between the scores of converted (y = 1) and
 * non-converted (y = 0) leads, with right-continuous ECDFs so ties are exact; location, sign
 * and both p-values reproduce scipy `ks_2samp(p[y==1], p[y==0])`. The exact p-value costs
 * O(m·n·D): by default ("auto", as scipy) it is computed only when both classes have at most
 * 10 000 leads; `exact: true` forces it, `exact: false` skips it. Throws when a class is empty
 * (no distribution to compare).
 *
 * @example
 * ks([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.5, 0.4, 0.8, 0.9])
 * // → { statistic: 0.6666666666666667, location: 0.5, sign: -1, pValueAsymp: 0.22222222222222204, pValueExact: 0.6, positives: 3, negatives: 3 }
 */
export function ks(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  { exact = "auto" }: { exact?: boolean | "auto" } = {},
): KsResult {
  checkInputs(y, p);
  const posList: number[] = [];
  const negList: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? posList : negList).push(p[i]);
  if (!posList.length || !negList.length)
    throw new RangeError(
      `KS needs both converted and non-converted leads (got ${posList.length} and ${negList.length})`,
    );
  const pos = Float64Array.from(posList).sort();
  const neg = Float64Array.from(negList).sort();
  const m = pos.length;
  const n = neg.length;
  // Scan positives then negatives, as scipy scans concatenate([data1, data2]): the first
  // extreme found there is the reported location.
  let minDiff = Infinity;
  let minAt = NaN;
  let maxDiff = -Infinity;
  let maxAt = NaN;
  for (let i = 0; i < m + n; i++) {
    const x = i < m ? pos[i] : neg[i - m];
    const diff = countAtMost(pos, x) / m - countAtMost(neg, x) / n;
    if (diff < minDiff) [minDiff, minAt] = [diff, x];
    if (diff > maxDiff) [maxDiff, maxAt] = [diff, x];
  }
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  const negative = minS > maxDiff;
  const statistic = negative ? minS : maxDiff;
  const [big, small] = m >= n ? [m, n] : [n, m];
  const en = Math.round((big * small) / (big + small));
  return {
    statistic,
    location: negative ? minAt : maxAt,
    sign: negative ? -1 : 1,
    pValueAsymp: Math.min(1, Math.max(0, kolmogorovSurvival(statistic, en))),
    pValueExact:
      exact === true || (exact === "auto" && Math.max(m, n) <= 10_000)
        ? ksTwoSampleExactSurvival(statistic, m, n)
        : NaN,
    positives: m,
    negatives: n,
  };
}
