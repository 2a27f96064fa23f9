import { normalCdf } from "./normalCdf.ts";
import { normalCritical } from "./normalCritical.ts";
import { checkCounts } from "./wilson.ts";

/** Options of {@link twoProportionZTest}. */
export interface TwoProportionOptions {
  /** Pooled standard error under H0: p1 = p2 (default true); false gives the unpooled Wald test. */
  pooled?: boolean;
  /** Confidence level of the interval for the difference, default 0.95. */
  confidence?: number;
}

/** Result of {@link twoProportionZTest}. */
export interface TwoProportionResult {
  /** Test statistic (p1 − p2)/se. */
  z: number;
  /** Two-sided p-value 2·Φ(−|z|). */
  pValue: number;
  /** p1 − p2. */
  diff: number;
  /** Standard error used by the test (pooled or unpooled). */
  se: number;
  /** Wald interval of p1 − p2, always with the unpooled standard error. */
  ci: [number, number];
}

/**
 * Two-sided z-test comparing two proportions x1/n1 and x2/n2. Pooled (default) equals
 * statsmodels `proportions_ztest` (and z² = the uncorrected 2×2 chi-square); `pooled: false`
 * equals `test_proportions_2indep(method="wald")`. The interval of the difference is the Wald
 * interval diff ± z·sqrt(p1q1/n1 + p2q2/n2).
 *
 * @example
 * twoProportionZTest(468, 5100, 412, 5000)
 * // → { z: 1.6684689255283522, pValue: 0.09522267561628539, diff: 0.009364705882352942, se: 0.0056127…, ci: [-0.00162927…, 0.02035868…] }
 */
export function twoProportionZTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  { pooled = true, confidence = 0.95 }: TwoProportionOptions = {},
): TwoProportionResult {
  checkCounts(x1, n1);
  checkCounts(x2, n2);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const diff = p1 - p2;
  const unpooledSe = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const pp = (x1 + x2) / (n1 + n2);
  const se = pooled ? Math.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2)) : unpooledSe;
  const z = diff / se;
  const crit = normalCritical(confidence);
  return { z, pValue: 2 * normalCdf(-Math.abs(z)), diff, se, ci: [diff - crit * unpooledSe, diff + crit * unpooledSe] };
}
