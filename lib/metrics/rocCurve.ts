import { scoreBlocks } from "./scoreBlocks.ts";

/** Points of the ROC curve, one per distinct score from the highest down. */
export interface RocCurve {
  /** False-positive rate (share of non-converted leads at or above the threshold). */
  fpr: number[];
  /** True-positive rate (share of converted leads at or above the threshold). */
  tpr: number[];
  /** Score thresholds; the first is +Infinity (nobody selected: the point (0, 0)). */
  thresholds: number[];
}

/**
 * ROC curve with every distinct score as a threshold (sklearn `roc_curve(drop_intermediate=False)`).
 * Rates are NaN for a class that has no leads.
 *
 * @example
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // → { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [Infinity, 0.8, 0.4, 0.35, 0.1] }
 */
export function rocCurve(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): RocCurve {
  const blocks = scoreBlocks(y, p, w);
  const totalPos = blocks.reduce((s, b) => s + b.positives, 0);
  const totalNeg = blocks.reduce((s, b) => s + b.negatives, 0);
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Infinity] };
  let tp = 0;
  let fp = 0;
  for (let k = blocks.length - 1; k >= 0; k--) {
    tp += blocks[k].positives;
    fp += blocks[k].negatives;
    curve.fpr.push(fp / totalNeg);
    curve.tpr.push(tp / totalPos);
    curve.thresholds.push(blocks[k].score);
  }
  return curve;
}
