import { auc } from "../../metrics/auc.ts";

/** Held-out leads sharing one combination of the tuned attributes' levels. */
export interface TunePattern {
  /** Level index per tuned attribute (the order of the points table). */
  codes: number[];
  /** Fitted points of the attributes not tuned, the same for every lead of the pattern (0 when absent). */
  rest?: number;
  leads: number;
  conversions: number;
}

/** What the Tune page shows for one setting of points and threshold. */
export interface TuneSummary {
  /** Held-out AUC of the points (lib/metrics `auc`, ties count ½). */
  auc: number;
  leads: number;
  conversions: number;
  /** Leads at or above the MQL threshold. */
  mql_leads: number;
  /** Held-out conversions among them. */
  mql_conversions: number;
  /** mql_conversions / mql_leads. */
  mql_rate: number;
  /** conversions / leads. */
  overall_rate: number;
  /** mql_rate / overall_rate. */
  lift: number;
  /** Share of all held-out conversions that the MQLs hold. */
  captured: number;
}

/**
 * Points total of each pattern: base, plus the fitted points of the untuned attributes (`rest`),
 * plus the points of its level on every tuned attribute: what the downloaded table gives its leads.
 *
 * @example
 * patternPoints([{ codes: [0, 1], rest: -3, leads: 20, conversions: 5 }], 100, [[10, -5], [0, 7]]) // → [114]
 */
export function patternPoints(
  patterns: readonly TunePattern[],
  base: number,
  points: readonly (readonly number[])[],
): number[] {
  return patterns.map((p) => p.codes.reduce((s, c, j) => s + (points[j]?.[c] ?? 0), base + (p.rest ?? 0)));
}

/**
 * Held-out AUC, MQL volume, conversions and lift for a points table and an MQL threshold, from
 * aggregated patterns. The AUC is lib/metrics' `auc` over the patterns with frequency weights
 * (converted and not-converted leads of a pattern share its points), so it equals what Node
 * computes for the same points on the same patterns.
 *
 * @example
 * tuneSummary([{ codes: [0], leads: 10, conversions: 8 }, { codes: [1], leads: 10, conversions: 2 }], 0, [[5, 0]], 5)
 * // → { auc: 0.8, leads: 20, conversions: 10, mql_leads: 10, mql_conversions: 8, mql_rate: 0.8,
 * //     overall_rate: 0.5, lift: 1.6, captured: 0.8 }
 */
export function tuneSummary(
  patterns: readonly TunePattern[],
  base: number,
  points: readonly (readonly number[])[],
  threshold: number,
): TuneSummary {
  const score = patternPoints(patterns, base, points);
  const y: number[] = [];
  const p: number[] = [];
  const w: number[] = [];
  let leads = 0;
  let conversions = 0;
  let mqlLeads = 0;
  let mqlConversions = 0;
  patterns.forEach((pat, i) => {
    y.push(1, 0);
    p.push(score[i], score[i]);
    w.push(pat.conversions, pat.leads - pat.conversions);
    leads += pat.leads;
    conversions += pat.conversions;
    if (score[i] >= threshold) {
      mqlLeads += pat.leads;
      mqlConversions += pat.conversions;
    }
  });
  const overall = leads ? conversions / leads : NaN;
  const mqlRate = mqlLeads ? mqlConversions / mqlLeads : NaN;
  return {
    auc: auc(y, p, w),
    leads,
    conversions,
    mql_leads: mqlLeads,
    mql_conversions: mqlConversions,
    mql_rate: mqlRate,
    overall_rate: overall,
    lift: mqlRate / overall,
    captured: conversions ? mqlConversions / conversions : NaN,
  };
}

/** One point of a cumulative gains curve. */
export interface GainsPoint {
  /** Share of leads taken from the top of the score. */
  share_leads: number;
  /** Share of all conversions among them. */
  share_converters: number;
}

/**
 * Cumulative gains of a points table over aggregated patterns: leads taken from the highest points
 * down, one step per distinct points total (tied patterns enter together, so the curve does not
 * depend on their order).
 *
 * @example
 * tuneGains([{ codes: [0], leads: 10, conversions: 8 }, { codes: [1], leads: 10, conversions: 2 }], 0, [[5, 0]])
 * // → [{ share_leads: 0, share_converters: 0 }, { share_leads: 0.5, share_converters: 0.8 }, { share_leads: 1, share_converters: 1 }]
 */
export function tuneGains(
  patterns: readonly TunePattern[],
  base: number,
  points: readonly (readonly number[])[],
): GainsPoint[] {
  const score = patternPoints(patterns, base, points);
  const blocks = new Map<number, { leads: number; conversions: number }>();
  patterns.forEach((p, i) => {
    const b = blocks.get(score[i]) ?? { leads: 0, conversions: 0 };
    b.leads += p.leads;
    b.conversions += p.conversions;
    blocks.set(score[i], b);
  });
  const total = patterns.reduce((s, p) => s + p.leads, 0);
  const totalConv = patterns.reduce((s, p) => s + p.conversions, 0);
  const out: GainsPoint[] = [{ share_leads: 0, share_converters: 0 }];
  let leads = 0;
  let conv = 0;
  for (const [, b] of [...blocks].sort((a, c) => c[0] - a[0])) {
    leads += b.leads;
    conv += b.conversions;
    out.push({ share_leads: total ? leads / total : 0, share_converters: totalConv ? conv / totalConv : 0 });
  }
  return out;
}
