import { normalCritical } from "./normalCritical.ts";

/** A proportion with its confidence interval. */
export interface ProportionInterval {
  /** successes / n (NaN when n = 0). */
  rate: number;
  /** Lower bound of the interval (NaN when n = 0). */
  low: number;
  /** Upper bound of the interval (NaN when n = 0). */
  high: number;
  /** Number of trials (leads). */
  n: number;
}

/** Options of {@link wilson} and {@link clopperPearson}. */
export interface IntervalOptions {
  /** Two-sided confidence level, default 0.95. */
  confidence?: number;
}

/** Throws a RangeError unless 0 ≤ successes ≤ n and both are finite. */
export function checkCounts(successes: number, n: number): void {
  if (!Number.isFinite(successes) || !Number.isFinite(n) || n < 0 || successes < 0 || successes > n) {
    throw new RangeError(`a proportion needs 0 ≤ successes ≤ n, got successes = ${successes}, n = ${n}`);
  }
}

/**
 * Wilson (1927) score interval for a proportion, no continuity correction, clipped to [0, 1];
 * the same numbers as statsmodels `proportion_confint(method="wilson")`.
 * With n = 0 nothing is known: rate, low and high are NaN (no exception, so a segment with no
 * leads can still be listed).
 *
 * @param successes converted leads (may be fractional for weighted counts)
 * @param n leads
 * @example
 * wilson(3, 7) // → { rate: 0.42857142857142855, low: 0.1582198552514697, high: 0.7495416354723428, n: 7 }
 * wilson(0, 0) // → { rate: NaN, low: NaN, high: NaN, n: 0 }
 */
export function wilson(successes: number, n: number, { confidence = 0.95 }: IntervalOptions = {}): ProportionInterval {
  checkCounts(successes, n);
  if (n === 0) return { rate: NaN, low: NaN, high: NaN, n };
  const z = normalCritical(confidence);
  const z2 = z * z;
  const p = successes / n;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { rate: p, low: Math.max(0, center - half), high: Math.min(1, center + half), n };
}
