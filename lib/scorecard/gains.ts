/** Rows of scored leads: score, converted (0/1) and how many leads the row stands for. */
export interface ScoredRows {
  score: ArrayLike<number>;
  y: ArrayLike<number>;
  weight: ArrayLike<number>;
}

/** What the top share of leads by score captures. */
export interface TopShare {
  /** Share of leads taken from the top (0.1 = top decile). */
  share: number;
  leads: number;
  /** Converters among them (fractional when the cut falls inside a block of tied scores). */
  converted: number;
  /** converted / all converters. */
  capture: number;
  /** Conversion rate of the top share / overall conversion rate. */
  lift: number;
}

/**
 * Converters captured by the top `shares` of leads ranked by score. Leads tied at the cut are
 * split pro rata (order-independent, as lib/metrics gainsTable `ties: "fractional"`): integer
 * points tie a lot, and no tie order should flatter either score.
 *
 * @example
 * topShares({ score: [3, 2, 2, 1], y: [1, 1, 0, 0], weight: [1, 1, 1, 1] }, [0.25, 0.5])
 * // → [{ share: 0.25, leads: 1, converted: 1, capture: 0.5, lift: 2 }, { share: 0.5, leads: 2, converted: 1.5, capture: 0.75, lift: 1.5 }]
 */
export function topShares(rows: ScoredRows, shares: number[] = [0.1, 0.2, 0.3]): TopShare[] {
  const blocks = new Map<number, { leads: number; conv: number }>();
  let total = 0;
  let totalConv = 0;
  for (let i = 0; i < rows.score.length; i++) {
    const b = blocks.get(rows.score[i]) ?? { leads: 0, conv: 0 };
    b.leads += rows.weight[i];
    b.conv += rows.y[i] * rows.weight[i];
    blocks.set(rows.score[i], b);
    total += rows.weight[i];
    totalConv += rows.y[i] * rows.weight[i];
  }
  const desc = [...blocks.entries()].sort((p, q) => q[0] - p[0]).map(([, b]) => b);
  return shares.map((share) => {
    const target = share * total;
    let leads = 0;
    let conv = 0;
    for (const b of desc) {
      if (leads >= target) break;
      const take = Math.min(b.leads, target - leads);
      conv += (b.conv * take) / b.leads;
      leads += take;
    }
    return {
      share,
      leads,
      converted: conv,
      capture: totalConv > 0 ? conv / totalConv : NaN,
      lift: leads > 0 && totalConv > 0 ? conv / leads / (totalConv / total) : NaN,
    };
  });
}

/** Leads at or above a threshold and how many converted. */
export function atThreshold(rows: ScoredRows, threshold: number): { leads: number; converted: number } {
  let leads = 0;
  let converted = 0;
  for (let i = 0; i < rows.score.length; i++) {
    if (rows.score[i] >= threshold) {
      leads += rows.weight[i];
      converted += rows.y[i] * rows.weight[i];
    }
  }
  return { leads, converted };
}

/**
 * The threshold whose volume (leads at or above it) is closest to `leads`; ties → the higher
 * threshold (fewer leads). Used to compare two scores at the same MQL volume.
 */
export function thresholdForVolume(rows: ScoredRows, leads: number): number {
  const distinct = [...new Set(Array.from(rows.score))].sort((a, b) => b - a);
  let best = distinct[0];
  let bestGap = Infinity;
  for (const t of distinct) {
    const gap = Math.abs(atThreshold(rows, t).leads - leads);
    if (gap < bestGap) {
      best = t;
      bestGap = gap;
    }
  }
  return best;
}
