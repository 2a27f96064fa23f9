import { psiFromCounts, type PsiOptions, type PsiResult, type PsiTerm } from "./psiFromCounts.ts";

/** A PSI term of one attribute level. */
export interface PsiCategory extends PsiTerm {
  category: string;
}

/**
 * PSI of a categorical attribute (channel, industry, …) from lead counts per level in the
 * expected and actual windows. Levels present in only one window count with proportion 0
 * there (replaced by eps). Levels are listed in first-seen order (expected, then new ones).
 *
 * @example
 * psiCategorical({ web: 60, event: 40 }, { web: 30, event: 50, partner: 20 })
 * // → { psi: 1.749678910961867, reading: "significant shift", bins: [{ category: "web", … }, { category: "event", … }, { category: "partner", expected_prop: 0, … }] }
 */
export function psiCategorical(
  expectedCounts: Record<string, number>,
  actualCounts: Record<string, number>,
  options: PsiOptions = {},
): PsiResult<PsiCategory> {
  const categories = [...new Set([...Object.keys(expectedCounts), ...Object.keys(actualCounts)])];
  const result = psiFromCounts(
    categories.map((c) => expectedCounts[c] ?? 0),
    categories.map((c) => actualCounts[c] ?? 0),
    options,
  );
  return { ...result, bins: result.bins.map((b, k) => ({ category: categories[k], ...b })) };
}
