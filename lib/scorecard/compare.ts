import { wilson } from "../stats/wilson.ts";
import { pairedDelong } from "./pairedDelong.ts";
import { atThreshold, thresholdForVolume, topShares, type TopShare } from "./gains.ts";
import type { HeldOutPairs } from "./heldOut.ts";

/** MQLs a score makes at a threshold, on the held-out leads. */
export interface MqlAt {
  threshold: number;
  leads: number;
  share_of_leads: number;
  converted: number;
  rate: number;
  low: number;
  high: number;
  /** Share of all converters among these MQLs. */
  capture: number;
}

/** "Your current points vs fitted": both scores on the same held-out leads. */
export interface RubricComparison {
  validation: string;
  held_out: string;
  leads: number;
  converted: number;
  auc: {
    rubric: { auc: number; low: number; high: number };
    model: { auc: number; low: number; high: number };
    /** model − rubric, with its paired DeLong interval and p-value. */
    difference: { value: number; low: number; high: number; p_value: number };
  };
  /** Converters captured by the top 10/20/30% of leads by each score. */
  gains: Array<{ share: number; rubric: TopShare; model: TopShare }>;
  /** MQLs at the rubric's threshold and at the model threshold of (nearly) the same volume. */
  mql?: { rubric: MqlAt; model: MqlAt };
  notes: string[];
}

function mqlAt(
  rows: { score: Float64Array; y: Float64Array; weight: Float64Array },
  t: number,
  total: { leads: number; converted: number },
): MqlAt {
  const a = atThreshold(rows, t);
  const w = wilson(a.converted, a.leads);
  return {
    threshold: t,
    leads: a.leads,
    share_of_leads: a.leads / total.leads,
    converted: a.converted,
    rate: w.rate,
    low: w.low,
    high: w.high,
    capture: a.converted / total.converted,
  };
}

/**
 * Compares the rubric with the model on the held-out pairs: AUC of each with its DeLong
 * interval and the paired difference; top-decile gains; and, given the rubric's MQL threshold,
 * the MQLs each score makes at the same volume.
 */
export function compareRubric(
  pairs: HeldOutPairs,
  options: { rubricMql?: number; shares?: number[] } = {},
): RubricComparison {
  const d = pairedDelong(pairs.y, pairs.rubric, pairs.model, pairs.weight);
  const leads = pairs.weight.reduce((s, x) => s + x, 0);
  const converted = pairs.weight.reduce((s, x, i) => s + x * pairs.y[i], 0);
  const r = { score: pairs.rubric, y: pairs.y, weight: pairs.weight };
  const m = { score: pairs.model, y: pairs.y, weight: pairs.weight };
  const shares = options.shares ?? [0.1, 0.2, 0.3];
  const gr = topShares(r, shares);
  const gm = topShares(m, shares);
  const out: RubricComparison = {
    validation: pairs.validation,
    held_out: pairs.held_out,
    leads,
    converted,
    auc: {
      rubric: { auc: d.a.auc, low: d.a.low, high: d.a.high },
      model: { auc: d.b.auc, low: d.b.low, high: d.b.high },
      difference: { value: d.difference, low: d.low, high: d.high, p_value: d.p_value },
    },
    gains: shares.map((share, i) => ({ share, rubric: gr[i], model: gm[i] })),
    notes: [...pairs.notes],
  };
  if (options.rubricMql !== undefined) {
    const total = { leads, converted };
    const rubricMql = mqlAt(r, options.rubricMql, total);
    out.mql = { rubric: rubricMql, model: mqlAt(m, thresholdForVolume(m, rubricMql.leads), total) };
  }
  return out;
}
