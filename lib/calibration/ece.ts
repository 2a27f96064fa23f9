import { checkInputs } from "../metrics/scoreBlocks.ts";
import { binEdges, rightClosedBin } from "./binEdges.ts";

/** One equal-width bin of {@link ece}. */
export interface EceBin {
  bin: number;
  low: number;
  high: number;
  count: number;
  mean_predicted: number;
  observed_rate: number;
  /** |observed_rate − mean_predicted| (NaN when empty). */
  abs_gap: number;
}

/** Options of {@link ece}. */
export interface EceOptions {
  /** Number of equal-width bins on [0, 1], default 10. */
  bins?: number;
  /**
   * "right" (default): bins (k/B, (k+1)/B], a score on an edge goes to the lower bin (as
   * sklearn's calibration_curve); "left": bin = min(floor(B·p), B − 1), [k/B, (k+1)/B).
   */
  closed?: "right" | "left";
  /** Frequency weights (a row with weight k counts as k leads). */
  weights?: ArrayLike<number>;
}

/**
 * Expected calibration error: ECE = Σ_k (n_k/N)·|observed rate_k − mean predicted_k| over
 * equal-width bins (empty bins add 0), and MCE = the largest gap over non-empty bins.
 * Both conventions for edge-valued scores are offered because they give (slightly) different
 * numbers; "right" matches the reliability table.
 *
 * @example
 * ece([0, 1, 1, 0], [0.05, 0.1, 0.75, 0.8], { bins: 2 })
 * // → { ece: 0.35, mce: 0.425, bins: [...] }  ((2·0.425 + 2·0.275) / 4)
 */
export function ece(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  { bins = 10, closed = "right", weights }: EceOptions = {},
): { ece: number; mce: number; bins: EceBin[] } {
  checkInputs(y, p, weights);
  for (let i = 0; i < p.length; i++)
    if (p[i] < 0 || p[i] > 1)
      throw new RangeError(`predicted probabilities must lie in [0, 1], got ${p[i]} at position ${i}`);
  const edges = binEdges(p, bins, "uniform");
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const k = closed === "left" ? Math.min(Math.floor(p[i] * bins), bins - 1) : rightClosedBin(edges, p[i]);
    const w = weights ? weights[i] : 1;
    count[k] += w;
    sumP[k] += w * p[i];
    sumY[k] += w * y[i];
  }
  const total = count.reduce((s, c) => s + c, 0);
  const rows: EceBin[] = Array.from({ length: bins }, (_, k) => {
    const c = count[k];
    const observed = c ? sumY[k] / c : NaN;
    const predicted = c ? sumP[k] / c : NaN;
    return {
      bin: k,
      low: edges[k],
      high: edges[k + 1],
      count: c,
      mean_predicted: predicted,
      observed_rate: observed,
      abs_gap: Math.abs(observed - predicted),
    };
  });
  let weightedGap = 0;
  let mce = NaN;
  for (const r of rows) {
    if (!r.count) continue;
    weightedGap += r.count * r.abs_gap;
    mce = Number.isNaN(mce) ? r.abs_gap : Math.max(mce, r.abs_gap);
  }
  return { ece: total > 0 ? weightedGap / total : NaN, mce, bins: rows };
}
