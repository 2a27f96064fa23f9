import { gammaQ } from "./regularizedGamma.ts";

/**
 * Upper tail P(X ≥ x) of the chi-square distribution with `dof` degrees of freedom,
 * Q(dof/2, x/2) to full relative precision (simple-statistics' chiSquaredDistributionTable is a
 * table of a few critical values: not usable for p-values that must match scipy to 1e-8).
 *
 * @example
 * chiSquareSurvival(3.841458820694124, 1) // → 0.05 (within 1e-15)
 */
export function chiSquareSurvival(x: number, dof: number): number {
  if (!(dof > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return gammaQ(dof / 2, x / 2);
}
