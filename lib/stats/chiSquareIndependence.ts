import { chiSquareSurvival } from "./chiSquareSurvival.ts";

/** Result of {@link chiSquareIndependence}. */
export interface ChiSquareResult {
  /** Pearson's X² = Σ (observed − expected)² / expected. */
  chi2: number;
  /** (rows − 1)·(columns − 1). */
  dof: number;
  /** Upper-tail p-value of chi2 on dof degrees of freedom. */
  pValue: number;
  /** Expected counts under independence, row total × column total / N. */
  expected: number[][];
  /** Cramér's V = sqrt(X² / (N·(min(rows, columns) − 1))). */
  cramersV: number;
}

/**
 * Pearson chi-square test of independence for a contingency table (e.g. segments × converted),
 * without continuity correction: scipy `chi2_contingency(table, correction=False)`.
 * A row or column whose total is 0 makes the test undefined: chi2, pValue and cramersV are then
 * NaN (expected still returned) rather than an exception, so a report can show "not testable".
 *
 * @param table counts, rows × columns (at least 2 × 2)
 * @example
 * chiSquareIndependence([[10, 20], [30, 40]])
 * // → { chi2: 0.7936507936507936, dof: 1, pValue: 0.3729984836134872, expected: [[12, 18], [28, 42]], cramersV: 0.0890870806… }
 */
export function chiSquareIndependence(table: number[][]): ChiSquareResult {
  const rows = table.length;
  const cols = rows ? table[0].length : 0;
  if (rows < 2 || cols < 2 || table.some((r) => r.length !== cols)) {
    throw new RangeError(`a chi-square test needs a rectangular table of at least 2 × 2 counts, got ${rows} rows`);
  }
  if (table.some((r) => r.some((v) => !(v >= 0) || !Number.isFinite(v)))) {
    throw new RangeError("a chi-square test needs finite, non-negative counts");
  }
  const rowSums = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = table[0].map((_, j) => table.reduce((s, r) => s + r[j], 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  const expected = rowSums.map((rs) => colSums.map((cs) => (rs * cs) / total));
  const dof = (rows - 1) * (cols - 1);
  if (rowSums.includes(0) || colSums.includes(0)) return { chi2: NaN, dof, pValue: NaN, expected, cramersV: NaN };
  let chi2 = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) chi2 += (table[i][j] - expected[i][j]) ** 2 / expected[i][j];
  }
  const cramersV = Math.sqrt(chi2 / (total * (Math.min(rows, cols) - 1)));
  return { chi2, dof, pValue: chiSquareSurvival(chi2, dof), expected, cramersV };
}
