import { scoreBlocks } from "./scoreBlocks.ts";

/**
 * Average precision: Σ_k (R_k − R_{k−1})·P_k over distinct score thresholds taken from the top
 * (a block of tied scores is one step), precision and recall at each threshold; no
 * interpolation, not the trapezoidal PR-AUC (= sklearn `average_precision_score`).
 * Compare it with the conversion rate, which is what random ordering scores. NaN without any
 * converted lead.
 *
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // → 0.8333333333333333 (½·1 + ½·⅔)
 */
export function averagePrecision(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): number {
  const blocks = scoreBlocks(y, p, w);
  const total = blocks.reduce((s, b) => s + b.positives, 0);
  if (total === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let k = blocks.length - 1; k >= 0; k--) {
    const b = blocks[k];
    if (b.positives + b.negatives === 0) continue;
    tp += b.positives;
    fp += b.negatives;
    ap += (b.positives / total) * (tp / (tp + fp));
  }
  return ap;
}
