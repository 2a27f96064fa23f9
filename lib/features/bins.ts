import type { Condition } from "../scorecard/condition.ts";
import type { EncodedLevel } from "./types.ts";
import { formatCondition } from "../scorecard/condition.ts";
import { mostCommon } from "./levels.ts";

/** Training counts of one right-closed bin (`upper` = its upper edge; the last bin has none). */
export interface BinCount {
  upper?: number;
  leads: number;
  conversions: number;
}

/**
 * Bins from sorted interior edges, right-closed by default: (−∞, e₁], (e₁, e₂], …, (e_k, ∞), as conditions.
 * A value equal to an edge falls in the lower bin (the PSI reference convention).
 *
 * @example
 * binConditions([10, 20]).map(formatCondition)         // → ["≤ 10", "(10, 20]", "> 20"]
 * binConditions([10, 20], "left").map(formatCondition) // → ["< 10", "[10, 20)", "≥ 20"]
 */
export function binConditions(edges: number[], closed: "left" | "right" = "right"): Condition[] {
  const out: Condition[] = [];
  const left = closed === "left";
  for (let i = 0; i <= edges.length; i++) {
    const c: Condition = { kind: "range", minInclusive: left && i > 0, maxInclusive: !left && i < edges.length };
    if (i > 0) c.min = edges[i - 1];
    if (i < edges.length) c.max = edges[i];
    out.push(c);
  }
  return out;
}

/**
 * Merges adjacent bins until the conversion rate is monotone (pool-adjacent-violators, weighted by
 * leads), in the direction the data lean (comparing the lower and upper halves), and merges bins
 * with fewer than `minCount` leads into a neighbour. Returns the surviving upper edges.
 *
 * @example
 * monotoneEdges([{ upper: 1, leads: 100, conversions: 10 }, { upper: 2, leads: 100, conversions: 5 },
 *   { leads: 100, conversions: 30 }], 10) // → [2]   (bins 1 and 2 pooled: rates 7.5%, 30%)
 */
export function monotoneEdges(bins: BinCount[], minCount: number): number[] {
  let blocks = bins.filter((b) => b.leads > 0).map((b) => ({ ...b }));
  blocks = mergeSmall(blocks, minCount);
  const half = Math.floor(blocks.length / 2);
  const rate = (bs: BinCount[]) =>
    bs.reduce((s, b) => s + b.conversions, 0) /
    Math.max(
      1,
      bs.reduce((s, b) => s + b.leads, 0),
    );
  const increasing = rate(blocks.slice(half)) >= rate(blocks.slice(0, half));
  const out: BinCount[] = [];
  for (const b of blocks) {
    out.push({ ...b });
    // Pool while the last two blocks violate the direction.
    while (out.length > 1) {
      const a = out[out.length - 2];
      const c = out[out.length - 1];
      const ra = a.conversions / a.leads;
      const rc = c.conversions / c.leads;
      if (increasing ? ra <= rc : ra >= rc) break;
      out.splice(out.length - 2, 2, {
        upper: c.upper,
        leads: a.leads + c.leads,
        conversions: a.conversions + c.conversions,
      });
    }
  }
  return out.slice(0, -1).map((b) => b.upper!);
}

function mergeSmall(blocks: BinCount[], minCount: number): BinCount[] {
  const out = [...blocks];
  for (let i = 0; i < out.length && out.length > 1; ) {
    if (out[i].leads >= minCount) {
      i++;
      continue;
    }
    // Merge into the smaller neighbour; the merged block keeps the upper edge of the later bin.
    const j = i === 0 ? 1 : i === out.length - 1 ? i - 1 : out[i - 1].leads <= out[i + 1].leads ? i - 1 : i + 1;
    const [lo, hi] = j < i ? [j, i] : [i, j];
    out.splice(lo, 2, {
      upper: out[hi].upper,
      leads: out[lo].leads + out[hi].leads,
      conversions: out[lo].conversions + out[hi].conversions,
    });
    i = lo;
  }
  return out;
}

/**
 * Numeric levels from the final edges and their training counts (bins in order, then `missing`).
 * The reference is the most common level.
 */
export function numericLevels(
  edges: number[],
  binCounts: Array<{ leads: number; conversions: number }>,
  missing: { leads: number; conversions: number } | null,
  closed: "left" | "right" = "right",
): { levels: EncodedLevel[]; reference: number } {
  const levels: EncodedLevel[] = binConditions(edges, closed).map((condition, i) => ({
    level: formatCondition(condition),
    condition,
    leads: binCounts[i]?.leads ?? 0,
    conversions: binCounts[i]?.conversions ?? 0,
  }));
  levels.push({
    level: "missing",
    condition: { kind: "missing" },
    leads: missing?.leads ?? 0,
    conversions: missing?.conversions ?? 0,
  });
  return { levels, reference: mostCommon(levels) };
}
