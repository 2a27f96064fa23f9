import { checkInputs } from "./scoreBlocks.ts";

/**
 * Log loss (cross-entropy): −mean(y ln p + (1 − y) ln(1 − p)), natural log, weighted mean with
 * frequency weights. p is clipped to [ε, 1 − ε] with ε = 2.22e-16 (float64 machine epsilon), as
 * sklearn `log_loss` does, so a confident miss costs about 36 instead of Infinity. Probabilities
 * must lie in [0, 1]. NaN when empty.
 *
 * @example
 * logLoss([0, 1], [0.2, 0.6]) // → 0.3669845875401002 (−(ln 0.8 + ln 0.6) / 2)
 */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): number {
  checkInputs(y, p, w);
  const eps = Number.EPSILON;
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    if (p[i] < 0 || p[i] > 1)
      throw new RangeError(`log loss needs probabilities in [0, 1], got ${p[i]} at position ${i}`);
    const q = Math.min(Math.max(p[i], eps), 1 - eps);
    const weight = w ? w[i] : 1;
    sum -= weight * (y[i] === 1 ? Math.log(q) : Math.log(1 - q));
    total += weight;
  }
  return total > 0 ? sum / total : NaN;
}
