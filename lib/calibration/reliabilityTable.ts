import { wilson } from "../stats/wilson.ts";
import { checkInputs } from "../metrics/scoreBlocks.ts";
import { binEdges, rightClosedBin } from "./binEdges.ts";

/** One bin of a reliability table. */
export interface ReliabilityRow {
  /** 0-based bin index. */
  bin: number;
  /** Bin edges: the bin holds low < p ≤ high (the first also p ≤ high, the last also p > low). */
  low: number;
  high: number;
  /** Leads in the bin (sum of weights). */
  n: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  mean_predicted: number;
  /** Observed conversion rate in the bin (NaN when empty). */
  observed_rate: number;
  /** Wilson interval of the observed rate. */
  ci_low: number;
  ci_high: number;
}

/** Options of {@link reliabilityTable}. */
export interface ReliabilityOptions {
  /** Number of bins, default 10. */
  bins?: number;
  /** "uniform" (default): equal-width bins on [0, 1]; "quantile": equal-count bins from score percentiles (of the rows, unweighted). */
  strategy?: "uniform" | "quantile";
  /** Frequency weights. */
  weights?: ArrayLike<number>;
  /** Confidence level of the Wilson intervals, default 0.95. */
  confidence?: number;
}

/**
 * Reliability (calibration) table: predicted versus observed conversion per probability bin,
 * with the observed rate's Wilson interval, so a reader sees whether "30%" leads convert 30%
 * of the time. Bins and rates equal sklearn `calibration_curve` (right-closed bins, a score on an
 * edge goes to the lower bin); empty bins are kept with n = 0 and NaN rates (sklearn drops them).
 *
 * @example
 * reliabilityTable([0, 1, 1, 0], [0.05, 0.1, 0.75, 0.8], { bins: 2 })
 * // → [{ bin: 0, low: 0, high: 0.5, n: 2, mean_predicted: 0.07500000000000001, observed_rate: 0.5, ci_low: 0.0945312057342308, ci_high: 0.9054687942657692 },
 * //    { bin: 1, low: 0.5, high: 1, n: 2, mean_predicted: 0.775, observed_rate: 0.5, ci_low: 0.0945312057342308, ci_high: 0.9054687942657692 }]
 */
export function reliabilityTable(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  { bins = 10, strategy = "uniform", weights, confidence = 0.95 }: ReliabilityOptions = {},
): ReliabilityRow[] {
  checkInputs(y, p, weights);
  for (let i = 0; i < p.length; i++)
    if (p[i] < 0 || p[i] > 1)
      throw new RangeError(`predicted probabilities must lie in [0, 1], got ${p[i]} at position ${i}`);
  const edges = binEdges(p, bins, strategy);
  const n = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const k = rightClosedBin(edges, p[i]);
    const w = weights ? weights[i] : 1;
    n[k] += w;
    sumP[k] += w * p[i];
    sumY[k] += w * y[i];
  }
  return Array.from({ length: bins }, (_, k) => {
    const ci = wilson(sumY[k], n[k], { confidence });
    return {
      bin: k,
      low: edges[k],
      high: edges[k + 1],
      n: n[k],
      mean_predicted: n[k] ? sumP[k] / n[k] : NaN,
      observed_rate: ci.rate,
      ci_low: ci.low,
      ci_high: ci.high,
    };
  });
}
