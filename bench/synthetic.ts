import { random } from "../loaders/demo/random.ts";
import type { Encoding } from "../lib/features/types.ts";
import type { Patterns } from "../lib/model/patterns.ts";

/** A synthetic categorical data set: level codes per attribute (0 = reference), outcomes, true log-odds. */
export interface Synthetic {
  rows: number;
  attrs: number;
  levels: number;
  /** codes[j][i]: level of attribute j for lead i. */
  codes: Int32Array[];
  y: Float64Array;
  /** True coefficients: intercept, then (levels − 1) per attribute. */
  truth: number[];
}

/**
 * Leads over `attrs` categorical attributes with `levels` levels each, converting by a logistic model
 * with stated coefficients (level 0 is the reference; level effects are drawn once from the seed).
 * Level frequencies are skewed (the reference is the most common) as CRM fields are.
 */
export function synthetic(rows: number, attrs: number, levels: number, seed: number): Synthetic {
  const r = random(seed);
  const intercept = -2;
  const truth = [intercept];
  const effects: number[][] = [];
  for (let j = 0; j < attrs; j++) {
    const e = [0];
    for (let l = 1; l < levels; l++) e.push(Math.round((r.uniform() - 0.5) * 1.6 * 1000) / 1000);
    effects.push(e);
    truth.push(...e.slice(1));
  }
  // Skewed level shares: weights 1, 1/2, 1/3, … normalised.
  const w = Array.from({ length: levels }, (_, l) => 1 / (l + 1));
  const total = w.reduce((s, v) => s + v, 0);
  const cum = new Float64Array(levels);
  w.reduce((s, v, l) => (cum[l] = s + v / total), 0);
  cum[levels - 1] = 1;
  const codes = Array.from({ length: attrs }, () => new Int32Array(rows));
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let eta = intercept;
    for (let j = 0; j < attrs; j++) {
      const c = r.pick(cum);
      codes[j][i] = c;
      eta += effects[j][c];
    }
    y[i] = r.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { rows, attrs, levels, codes, y, truth };
}

/** The encoding lib/model's patternDesign expects for a synthetic set: levels "0".."L−1", reference 0. */
export function syntheticEncoding(s: Synthetic): Encoding {
  return {
    attributes: Array.from({ length: s.attrs }, (_, j) => ({
      name: `a${j + 1}`,
      role: "fit.demographic",
      kind: "categorical" as const,
      source: "column" as const,
      levels: Array.from({ length: s.levels }, (_, l) => ({
        level: String(l),
        condition: { kind: "equals" as const, values: [String(l)] },
        leads: 0,
        conversions: 0,
      })),
      reference: 0,
      informationValue: 0,
    })),
    options: { minLevelCount: 0, minLevelShare: 0, bins: 10, activityHalfLifeDays: 30 },
  };
}

/** Row-level Patterns (one row per lead, leads = 1) for lib/model's patternDesign. */
export function rowPatterns(s: Synthetic): Patterns {
  const zeros = new Int32Array(s.rows);
  return {
    rows: s.rows,
    codes: s.codes,
    part: zeros,
    fold: zeros,
    leads: new Float64Array(s.rows).fill(1),
    conversions: s.y,
    fingerprint: "",
  };
}
