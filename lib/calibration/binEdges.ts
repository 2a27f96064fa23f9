import { quantileLinear } from "../stats/quantileLinear.ts";

/**
 * Bin edges for reliability tables (bins + 1 numbers): "uniform" = numpy linspace(0, 1) (k·(1/bins),
 * so the 4th edge is 0.30000000000000004 exactly as sklearn), "quantile" = numpy percentiles
 * (type 7) of the scores at the same k/bins.
 */
export function binEdges(p: ArrayLike<number>, bins: number, strategy: "uniform" | "quantile"): number[] {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const step = 1 / bins;
  const grid = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? 1 : k * step));
  if (strategy === "uniform") return grid;
  const sorted = Float64Array.from(p as ArrayLike<number>).sort();
  return grid.map((q) => quantileLinear(sorted, (q * 100) / 100));
}

/**
 * Right-closed bin index: the number of interior edges strictly below v (numpy
 * searchsorted(edges[1:-1], v, side="left")), so a score equal to an edge goes to the lower bin.
 */
export function rightClosedBin(edges: readonly number[], v: number): number {
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
