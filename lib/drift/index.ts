export { psiEdges } from "./psiEdges.ts";
export { psi, type PsiBin, type NumericPsiOptions } from "./psi.ts";
export { psiCategorical, type PsiCategory } from "./psiCategorical.ts";
export {
  psiFromCounts,
  psiReading,
  type PsiTerm,
  type PsiResult,
  type PsiReading,
  type PsiOptions,
} from "./psiFromCounts.ts";
