// The figures of the private tuning workspace (`leadlens tune`), as pure functions of the workspace
// data and one setting of points and thresholds. The page runs this very code in the browser
// (bundled by lib/report/tune/workspaceSite.ts), and the tests run it in Node.
import { auc } from "../../metrics/auc.ts";
import { delong } from "../../metrics/delong.ts";
import { wilson } from "../../stats/wilson.ts";
import type { Condition } from "../../scorecard/condition.ts";
import type { Rubric } from "../../scorecard/types.ts";

/** One model input as the workspace edits it. */
export interface WorkspaceAttribute {
  name: string;
  role: string;
  /** The model's levels in its order (the level codes of `patterns.codes` index this list). */
  levels: Array<{ level: string; condition: Condition; points: number }>;
  /**
   * Index of the level whose points the exported table's added `other` row takes (the reference
   * level, as lib/scorecard modelScorecard adds it), or null when the model has its own `other` level.
   */
  other_as: number | null;
}

/** What `leadlens tune` writes for its page: every input, and every lead of the judged window as patterns. */
export interface WorkspaceData {
  model_id: string;
  validation: "out_of_time" | "kfold";
  /** `held-out` (out-of-time test window) or `in-sample` (k-fold model: every labelled lead). */
  scope: "held-out" | "in-sample";
  /** Which leads, in words. */
  leads_text: string;
  /** Weeks the judged leads were created over (for volumes per week); null when they have no creation date. */
  weeks: number | null;
  base: number;
  attributes: WorkspaceAttribute[];
  /** Leads with the same level of every input and the same outcome, columnar: codes[j][i] is pattern i's level of input j. */
  patterns: { codes: number[][]; y: number[]; leads: number[]; rubric?: number[] };
  /** The model's calibrated probability per points total (the artifact's points_table). */
  probability: Array<{ points: number; probability: number }>;
  /** A rubric to compare with (`--rubric`): its file name, and its points per pattern in `patterns.rubric`. */
  rubric?: { file: string };
  /** Starting thresholds, slider half-width and threshold range. */
  mql: number;
  sql: number;
  reach: number;
  threshold_range: [number, number];
}

/** Leads passing one threshold, with what they hold. */
export interface Pass {
  threshold: number;
  leads: number;
  /** NaN when the leads have no creation dates. */
  per_week: number;
  /** Share of all judged leads that pass. */
  pass_rate: number;
  conversions: number;
  /** Observed conversion rate of passing leads with its Wilson 95% interval. */
  rate: number;
  low: number;
  high: number;
  /** Σ calibrated probability of passing leads (the model's points → probability table at each lead's total). */
  expected: number;
  /** Share of all conversions the passing leads hold. */
  captured: number;
}

/** Everything the page shows for one setting. */
export interface WorkspaceSummary {
  auc: number;
  /** DeLong 95% interval of the AUC (lib/metrics `delong`, weighted = expanded leads). */
  auc_low: number;
  auc_high: number;
  leads: number;
  conversions: number;
  mql: Pass;
  sql: Pass;
  /** Top 10%, 20%, … 100% of leads by points: share of conversions they hold. */
  gains: number[];
}

/**
 * Each pattern's points total: base plus the points of its level on every input, exactly what
 * the exported table gives its leads.
 *
 * @example
 * patternTotals({ codes: [[0, 1]], y: [1, 0], leads: [3, 4] }, 100, [[10, -5]]) // → [110, 95]
 */
export function patternTotals(
  patterns: WorkspaceData["patterns"],
  base: number,
  points: readonly (readonly number[])[],
): Float64Array {
  const out = new Float64Array(patterns.y.length).fill(base);
  patterns.codes.forEach((codes, j) => {
    for (let i = 0; i < out.length; i++) out[i] += points[j][codes[i]];
  });
  return out;
}

/**
 * The calibrated probability at a points total from the model's table: exact where the total is in
 * it, linear between the neighbouring totals, the end value beyond either end (edited points can
 * reach totals the fitted table never had).
 *
 * @example
 * probabilityAt([{ points: 500, probability: 0.1 }, { points: 600, probability: 0.3 }], 550) // → 0.2
 */
export function probabilityAt(table: WorkspaceData["probability"], total: number): number {
  if (table.length === 0) return NaN;
  if (total <= table[0].points) return table[0].probability;
  let lo = 0;
  let hi = table.length - 1;
  if (total >= table[hi].points) return table[hi].probability;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (table[mid].points <= total) lo = mid;
    else hi = mid;
  }
  const a = table[lo];
  const b = table[hi];
  return a.probability + ((total - a.points) / (b.points - a.points)) * (b.probability - a.probability);
}

/**
 * Share of conversions in the top 10%, 20%, … of leads by points. Leads tied at a total straddling
 * a decile's edge enter pro rata (the order among tied leads is not defined by the points).
 *
 * @example
 * decileGains([2, 1], [1, 0], [10, 10]) // → [0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1] (the top half holds every conversion)
 */
export function decileGains(totals: ArrayLike<number>, y: readonly number[], leads: readonly number[]): number[] {
  const blocks = new Map<number, { leads: number; conv: number }>();
  let all = 0;
  let allConv = 0;
  for (let i = 0; i < y.length; i++) {
    const b = blocks.get(totals[i]) ?? { leads: 0, conv: 0 };
    b.leads += leads[i];
    b.conv += y[i] * leads[i];
    blocks.set(totals[i], b);
    all += leads[i];
    allConv += y[i] * leads[i];
  }
  const sorted = [...blocks].sort((a, b) => b[0] - a[0]).map((e) => e[1]);
  return Array.from({ length: 10 }, (_, d) => {
    const cut = ((d + 1) / 10) * all;
    let taken = 0;
    let conv = 0;
    for (const b of sorted) {
      if (taken + b.leads <= cut) {
        taken += b.leads;
        conv += b.conv;
      } else {
        conv += (b.conv * (cut - taken)) / b.leads;
        break;
      }
    }
    return allConv ? conv / allConv : NaN;
  });
}

function pass(
  data: WorkspaceData,
  totals: Float64Array,
  threshold: number,
  all: { leads: number; conversions: number },
): Pass {
  const { y, leads } = data.patterns;
  let n = 0;
  let conv = 0;
  let expected = 0;
  for (let i = 0; i < y.length; i++) {
    if (totals[i] < threshold) continue;
    n += leads[i];
    conv += y[i] * leads[i];
    expected += leads[i] * probabilityAt(data.probability, totals[i]);
  }
  const ci = wilson(conv, n);
  return {
    threshold,
    leads: n,
    per_week: data.weeks ? n / data.weeks : NaN,
    pass_rate: all.leads ? n / all.leads : NaN,
    conversions: conv,
    rate: ci.rate,
    low: ci.low,
    high: ci.high,
    expected,
    captured: all.conversions ? conv / all.conversions : NaN,
  };
}

/**
 * The workspace's figures for points (one array per input, in the model's level order), base and
 * the MQL and SQL thresholds: AUC (lib/metrics `auc` with the patterns' lead counts as frequency
 * weights, so it equals `auc` over the leads one by one) with its DeLong interval, volumes, rates,
 * expected conversions, gains.
 */
export function workspaceSummary(
  data: WorkspaceData,
  base: number,
  points: readonly (readonly number[])[],
  mql: number,
  sql: number,
): WorkspaceSummary {
  const totals = patternTotals(data.patterns, base, points);
  const { y, leads } = data.patterns;
  const all = { leads: leads.reduce((s, n) => s + n, 0), conversions: y.reduce((s, v, i) => s + v * leads[i], 0) };
  const ci = delong(y, totals, { weights: leads });
  return {
    auc: auc(y, totals, leads),
    auc_low: ci.low,
    auc_high: ci.high,
    ...all,
    mql: pass(data, totals, mql, all),
    sql: pass(data, totals, sql, all),
    gains: decileGains(totals, y, leads),
  };
}

/**
 * The points table for lib/scorecard `toCsv`: the model's levels at the given points, and the
 * `other` row lib/scorecard modelScorecard adds, at the points of the level it stands for, so an
 * untouched table is byte for byte what `leadlens points export` writes.
 */
export function workspaceRubric(data: WorkspaceData, base: number, points: readonly (readonly number[])[]): Rubric {
  return {
    base,
    attributes: data.attributes.map((a, j) => ({
      name: a.name,
      role: a.role,
      levels: [
        ...a.levels.map((l, i) => ({ level: l.level, condition: l.condition, points: points[j][i] })),
        ...(a.other_as === null
          ? []
          : [{ level: "other", condition: { kind: "other" } as Condition, points: points[j][a.other_as] }]),
      ],
    })),
  };
}
