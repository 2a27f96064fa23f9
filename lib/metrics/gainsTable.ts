import { checkInputs } from "./scoreBlocks.ts";

/** One row of a gains (lift) table. */
export interface GainsRow {
  /** 1 = the highest-scored group. */
  group: number;
  /** Leads in the group (fractional only with ties: "fractional" and a non-integer N/groups). */
  n: number;
  /** Converted leads in the group (fractional with ties: "fractional"). */
  positives: number;
  /** positives / n. */
  response_rate: number;
  /** Leads in this and all higher groups. */
  cum_n: number;
  /** Converted leads in this and all higher groups. */
  cum_positives: number;
  /** Share of all converted leads captured so far, cum_positives / total positives. */
  cum_gain: number;
  /** response_rate / overall conversion rate. */
  lift: number;
  /** (cum_positives / cum_n) / overall conversion rate. */
  cum_lift: number;
  /** Lowest and highest score in the group. */
  score_min: number;
  score_max: number;
}

/** Options of {@link gainsTable}. */
export interface GainsOptions {
  /** Number of groups, default 10 (deciles). */
  groups?: number;
  /**
   * How a block of tied scores straddling a cut is split: "stable" (default) keeps the input
   * order of tied leads (sort descending, ties by row position); "fractional" is
   * order-independent: the block's converted leads are shared pro rata between the two groups.
   */
  ties?: "stable" | "fractional";
}

/**
 * Gains and lift table: leads sorted by score from the highest, cut into equal groups (group k
 * ends at lead round(k·N/groups); "fractional" cuts at exactly k·N/groups), with conversion,
 * cumulative gain and lift per group.
 *
 * @example
 * gainsTable([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], { groups: 2 })
 * // → [{ group: 1, n: 2, positives: 1, response_rate: 0.5, cum_n: 2, cum_positives: 1, cum_gain: 0.5, lift: 1, cum_lift: 1, score_min: 0.8, score_max: 0.9 },
 * //    { group: 2, n: 2, positives: 1, response_rate: 0.5, cum_n: 4, cum_positives: 2, cum_gain: 1, lift: 1, cum_lift: 1, score_min: 0.1, score_max: 0.3 }]
 */
export function gainsTable(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  { groups = 10, ties = "stable" }: GainsOptions = {},
): GainsRow[] {
  checkInputs(y, p);
  const N = y.length;
  if (!(Number.isInteger(groups) && groups >= 1))
    throw new RangeError(`groups must be a positive integer, got ${groups}`);
  if (N < groups) throw new RangeError(`a gains table with ${groups} groups needs at least ${groups} leads, got ${N}`);
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  const totalPos = order.reduce((s, i) => s + y[i], 0);
  const base = totalPos / N;
  const cumStable = new Float64Array(N + 1);
  order.forEach((i, r) => {
    cumStable[r + 1] = cumStable[r] + y[i];
  });
  const cumAt = ties === "fractional" ? fractionalCumulative(order, y, p) : (k: number) => cumStable[k];
  const rows: GainsRow[] = [];
  let prevCut = 0;
  for (let g = 1; g <= groups; g++) {
    const cut = ties === "fractional" ? (g * N) / groups : Math.round((g * N) / groups);
    const n = cut - prevCut;
    const cum = cumAt(cut);
    const positives = cum - cumAt(prevCut);
    let scoreMin = Infinity;
    let scoreMax = -Infinity;
    for (let r = Math.floor(prevCut); r < Math.ceil(cut); r++) {
      scoreMin = Math.min(scoreMin, p[order[r]]);
      scoreMax = Math.max(scoreMax, p[order[r]]);
    }
    rows.push({
      group: g,
      n,
      positives,
      response_rate: positives / n,
      cum_n: cut,
      cum_positives: cum,
      cum_gain: cum / totalPos,
      lift: positives / n / base,
      cum_lift: cum / cut / base,
      score_min: scoreMin,
      score_max: scoreMax,
    });
    prevCut = cut;
  }
  return rows;
}

// Cumulative positives among the top k leads when each tie block counts its positives pro rata.
function fractionalCumulative(order: number[], y: ArrayLike<number>, p: ArrayLike<number>): (k: number) => number {
  const ends: number[] = []; // leads up to the end of each block
  const cum: number[] = []; // positives up to the end of each block
  order.forEach((i, r) => {
    if (r > 0 && p[i] === p[order[r - 1]]) {
      ends[ends.length - 1]++;
      cum[cum.length - 1] += y[i];
    } else {
      ends.push(r + 1);
      cum.push((cum[cum.length - 1] ?? 0) + y[i]);
    }
  });
  return (k: number) => {
    if (k <= 0) return 0;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    const prevN = lo > 0 ? ends[lo - 1] : 0;
    const prevPos = lo > 0 ? cum[lo - 1] : 0;
    return prevPos + ((k - prevN) * (cum[lo] - prevPos)) / (ends[lo] - prevN);
  };
}
