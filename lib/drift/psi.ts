import { psiEdges } from "./psiEdges.ts";
import { psiFromCounts, type PsiOptions, type PsiResult, type PsiTerm } from "./psiFromCounts.ts";

/** A PSI bin of a numeric value: low < x ≤ high (outer bins open). */
export interface PsiBin extends PsiTerm {
  low: number;
  high: number;
}

/** Options of {@link psi}. */
export interface NumericPsiOptions extends PsiOptions {
  /** Interior cut points (ascending); default {@link psiEdges}(expected, bins). */
  edges?: readonly number[];
  /** Number of bins when edges are not given, default 10. */
  bins?: number;
}

// Right-closed bin: how many edges are strictly below x (numpy searchsorted side="left").
function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Population stability index of a score or numeric attribute between an expected sample (the
 * training window) and an actual one (recent leads). Bins are right-closed,
 * (−∞, q₁], (q₁, q₂], …, (q₉, +∞): a value equal to an edge goes to the lower bin.
 *
 * @example
 * psi([1, 2, 3, 4], [3, 4, 4, 4], { edges: [2.5] })
 * // → { psi: 4.60431846666895, reading: "significant shift",
 * //     bins: [{ low: -Infinity, high: 2.5, expected_count: 2, actual_count: 0, expected_prop: 0.5, actual_prop: 0, term: 4.257744876388977 },
 * //            { low: 2.5, high: Infinity, expected_count: 2, actual_count: 4, expected_prop: 0.5, actual_prop: 1, term: 0.34657359027997264 }] }
 */
export function psi(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  { edges, bins = 10, eps = 1e-4 }: NumericPsiOptions = {},
): PsiResult<PsiBin> {
  const cuts = edges ?? psiEdges(expected, bins);
  for (let k = 1; k < cuts.length; k++)
    if (!(cuts[k] >= cuts[k - 1])) throw new RangeError("PSI edges must be ascending");
  const count = (values: ArrayLike<number>) => {
    const c = new Array<number>(cuts.length + 1).fill(0);
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i])) throw new RangeError(`PSI values must be numbers, got NaN at position ${i}`);
      c[binOf(cuts, values[i])]++;
    }
    return c;
  };
  const result = psiFromCounts(count(expected), count(actual), { eps });
  return {
    ...result,
    bins: result.bins.map((b, k) => ({
      low: k === 0 ? -Infinity : cuts[k - 1],
      high: k === cuts.length ? Infinity : cuts[k],
      ...b,
    })),
  };
}
