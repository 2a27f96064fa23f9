import { normalQuantile } from "./normalQuantile.ts";

/**
 * Two-sided normal critical value z with P(|Z| ≤ z) = confidence, computed as −Φ⁻¹(α/2).
 * α = 1 − confidence is first rounded to 12 decimals: in binary 1 − 0.95 is
 * 0.05000000000000004, which would move z by 2 ulp. The result agrees with scipy's
 * norm.ppf(0.975) / norm.isf(0.025) within 2 ulp (scipy's two spellings differ by 2 ulp themselves).
 *
 * @example
 * normalCritical(0.95) // → 1.9599639845400536
 * normalCritical(0.9)  // → 1.6448536269514726
 */
export function normalCritical(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be strictly between 0 and 1, got ${confidence}`);
  const alpha = Math.round((1 - confidence) * 1e12) / 1e12;
  return -normalQuantile(alpha / 2);
}
