/** PSI contribution of one bin or category. */
export interface PsiTerm {
  expected_count: number;
  actual_count: number;
  /** expected_count / Σ expected counts. */
  expected_prop: number;
  /** actual_count / Σ actual counts. */
  actual_prop: number;
  /** (a − e)·ln(a/e) on the proportions, a zero proportion replaced by eps. */
  term: number;
}

/** Reading of a PSI value by the usual rule of thumb (Siddiqi 2006). */
export type PsiReading = "stable" | "moderate shift" | "significant shift";

/** PSI total with its per-bin terms. */
export interface PsiResult<T extends PsiTerm = PsiTerm> {
  psi: number;
  /** < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 significant shift. */
  reading: PsiReading;
  bins: T[];
}

/** Options shared by the PSI functions. */
export interface PsiOptions {
  /** Replacement for a proportion that is exactly 0 (default 1e-4); other proportions are not changed or renormalised. */
  eps?: number;
}

/**
 * Population stability index from counts per bin, in the same bin order for both samples:
 * PSI = Σ (a_k − e_k)·ln(a_k/e_k) on proportions (Siddiqi 2006). Use it with counts grouped in
 * DuckDB. A zero proportion is replaced by eps (only that one), so an empty bin counts
 * heavily instead of making PSI infinite. NaN when a sample has no leads.
 *
 * @example
 * psiFromCounts([50, 50], [40, 60]).psi // → 0.04054651081081642 (−0.1·ln 0.8 + 0.1·ln 1.2)
 */
export function psiFromCounts(
  expected: readonly number[],
  actual: readonly number[],
  { eps = 1e-4 }: PsiOptions = {},
): PsiResult {
  if (expected.length !== actual.length)
    throw new RangeError(`PSI needs the same bins in both samples (${expected.length} vs ${actual.length})`);
  for (const c of [...expected, ...actual])
    if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`PSI counts must be finite and ≥ 0, got ${c}`);
  const te = expected.reduce((s, c) => s + c, 0);
  const ta = actual.reduce((s, c) => s + c, 0);
  const bins = expected.map((ec, k) => {
    const e = ec / te;
    const a = actual[k] / ta;
    const ea = e === 0 ? eps : e;
    const aa = a === 0 ? eps : a;
    return {
      expected_count: ec,
      actual_count: actual[k],
      expected_prop: e,
      actual_prop: a,
      term: (aa - ea) * Math.log(aa / ea),
    };
  });
  const psi = te > 0 && ta > 0 ? bins.reduce((s, b) => s + b.term, 0) : NaN;
  return { psi, reading: psiReading(psi), bins };
}

/**
 * The rule-of-thumb reading of a PSI value (Siddiqi 2006): < 0.1 stable, 0.1–0.25 moderate
 * shift, ≥ 0.25 significant shift. NaN (an empty sample) reads "stable": check psi first.
 *
 * @example
 * psiReading(0.12) // → "moderate shift"
 */
export function psiReading(psi: number): PsiReading {
  return psi >= 0.25 ? "significant shift" : psi >= 0.1 ? "moderate shift" : "stable";
}
