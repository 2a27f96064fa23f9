import { checkInputs } from "./scoreBlocks.ts";

/**
 * Brier score: the (weighted) mean of (p − y)², 0 is perfect; a constant prediction at the
 * conversion rate r scores r(1 − r). Same as sklearn `brier_score_loss`. NaN when empty.
 *
 * @example
 * brier([0, 1, 1], [0.2, 0.6, 0.9]) // → 0.07 ((0.04 + 0.16 + 0.01) / 3)
 */
export function brier(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): number {
  checkInputs(y, p, w);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const weight = w ? w[i] : 1;
    sum += weight * (p[i] - y[i]) ** 2;
    total += weight;
  }
  return total > 0 ? sum / total : NaN;
}
