import { normalCritical } from "../stats/normalCritical.ts";
import { scoreBlocks } from "./scoreBlocks.ts";

/** Options of {@link delong}. */
export interface DelongOptions {
  /** Confidence level of the interval, default 0.95. */
  confidence?: number;
  /** Frequency weights (a row with weight k counts as k identical leads). */
  weights?: ArrayLike<number>;
}

/** AUC with its DeLong standard error and Wald interval. */
export interface DelongResult {
  auc: number;
  /** DeLong variance S10/m + S01/n. */
  variance: number;
  se: number;
  /** auc − z·se (not clipped to [0, 1]). */
  low: number;
  /** auc + z·se (not clipped). */
  high: number;
  /** Converted leads (m). */
  positives: number;
  /** Non-converted leads (n). */
  negatives: number;
}

/**
 * AUC with the DeLong, DeLong & Clarke-Pearson (1988) variance, computed per distinct score as
 * in Sun & Xu (2014): each converted lead's placement V10 = share of non-converted leads below
 * it (ties ½), each non-converted lead's V01 = share of converted leads above it;
 * Var = S10/m + S01/n with sample variances (ddof = 1); interval AUC ± z·SE on the AUC scale.
 * With frequency weights the placements come from weighted counts and the variances are those
 * of the expanded rows, so weighted = expanded exactly. se is NaN with fewer than 2 leads of a
 * class; everything is NaN when a class is empty.
 *
 * @example
 * delong([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
 * // → { auc: 0.8888888888888888, variance: 0.024691358024691367, se: 0.15713484026367724,
 * //     low: 0.5809102612556272, high: 1.1968675165221505, positives: 3, negatives: 3 }
 */
export function delong(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  { confidence = 0.95, weights }: DelongOptions = {},
): DelongResult {
  const blocks = scoreBlocks(y, p, weights);
  const m = blocks.reduce((s, b) => s + b.positives, 0);
  const n = blocks.reduce((s, b) => s + b.negatives, 0);
  // Placements per block: V10 for its positives, V01 for its negatives.
  const v10: number[] = [];
  const v01: number[] = [];
  let below = 0;
  for (const b of blocks) {
    v10.push((below + 0.5 * b.negatives) / n);
    below += b.negatives;
  }
  let above = 0;
  for (let k = blocks.length - 1; k >= 0; k--) {
    v01[k] = (above + 0.5 * blocks[k].positives) / m;
    above += blocks[k].positives;
  }
  const auc = blocks.reduce((s, b, k) => s + b.positives * v10[k], 0) / m;
  let ss10 = 0;
  let ss01 = 0;
  blocks.forEach((b, k) => {
    ss10 += b.positives * (v10[k] - auc) ** 2;
    ss01 += b.negatives * (v01[k] - auc) ** 2;
  });
  const variance = m > 0 && n > 0 ? ss10 / (m - 1) / m + ss01 / (n - 1) / n : NaN;
  const se = m > 1 && n > 1 ? Math.sqrt(variance) : NaN;
  const z = normalCritical(confidence);
  const a = m > 0 && n > 0 ? auc : NaN;
  return {
    auc: a,
    variance: m > 1 && n > 1 ? variance : NaN,
    se,
    low: a - z * se,
    high: a + z * se,
    positives: m,
    negatives: n,
  };
}
