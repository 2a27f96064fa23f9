import { gammaQ } from "./regularizedGamma.ts";

/**
 * Standard normal distribution function Φ(x), through erfc(t) = Q(½, t²): full relative
 * precision in the lower tail (simple-statistics' cumulativeStdNormalProbability is a
 * 2-decimal table, far from the 1e-9 the p-values must match).
 *
 * @example
 * normalCdf(-1.959963984540054) // → 0.02500000000000003
 * normalCdf(0)                  // → 0.5
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const tail = 0.5 * gammaQ(0.5, (x * x) / 2);
  return x <= 0 ? tail : 1 - tail;
}
