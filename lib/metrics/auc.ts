import { scoreBlocks } from "./scoreBlocks.ts";

/**
 * Area under the ROC curve: the probability that a random converted lead scores above a
 * random non-converted one, tied pairs counting ½ (Mann–Whitney U / (m·n), same as sklearn
 * `roc_auc_score`). Optional frequency weights count each row that many times.
 * NaN when all leads share one outcome: with no converted (or no non-converted) lead there is
 * no pair to rank, so discrimination is undefined.
 *
 * @param y outcomes 0/1
 * @param p scores (probabilities or points; only their order matters)
 * @param w optional frequency weights
 * @example
 * auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // → 0.75
 * auc([0, 1], [0.5, 0.5])                   // → 0.5 (tie)
 */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): number {
  let negativesBelow = 0;
  let pairs = 0;
  let positives = 0;
  for (const b of scoreBlocks(y, p, w)) {
    pairs += b.positives * (negativesBelow + 0.5 * b.negatives);
    negativesBelow += b.negatives;
    positives += b.positives;
  }
  return positives > 0 && negativesBelow > 0 ? pairs / (positives * negativesBelow) : NaN;
}
