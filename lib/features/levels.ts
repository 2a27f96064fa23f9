import type { Condition } from "../scorecard/condition.ts";
import type { EncodedLevel } from "./types.ts";

/** Training counts for one normalised value (null = missing). */
export interface ValueCount {
  value: string | null;
  leads: number;
  conversions: number;
}

/**
 * Categorical levels from training counts: missing is its own level, values below
 * `max(minCount, minShare·total)` leads are pooled into `other` (which also catches values never
 * seen in training), and the reference is the most common level.
 *
 * @example
 * categoricalLevels([{ value: "email", leads: 80, conversions: 8 }, { value: "fax", leads: 2, conversions: 0 },
 *   { value: null, leads: 18, conversions: 1 }], { minCount: 5, minShare: 0 })
 * // → { levels: [= email (80), missing (18), other (2)], reference: 0 }
 */
export function categoricalLevels(
  counts: ValueCount[],
  options: { minCount: number; minShare: number },
): { levels: EncodedLevel[]; reference: number } {
  const total = counts.reduce((s, c) => s + c.leads, 0);
  const floor = Math.max(options.minCount, options.minShare * total);
  const kept = counts
    .filter((c) => c.value !== null && c.leads >= floor)
    .sort((a, b) => b.leads - a.leads || String(a.value).localeCompare(String(b.value)));
  const levels: EncodedLevel[] = kept.map((c) => ({
    level: c.value!,
    condition: { kind: "equals", values: [c.value!] } as Condition,
    leads: c.leads,
    conversions: c.conversions,
  }));
  // A real value spelled "missing" or "other" keeps its name; the pooled levels then say what they are.
  const taken = new Set(kept.map((c) => c.value));
  const missing = counts.filter((c) => c.value === null);
  if (missing.length) levels.push(pool(taken.has("missing") ? "(missing)" : "missing", { kind: "missing" }, missing));
  const rare = counts.filter((c) => c.value !== null && c.leads < floor);
  levels.push(pool(taken.has("other") ? "(other)" : "other", { kind: "other" }, rare));
  return { levels, reference: mostCommon(levels) };
}

function pool(level: string, condition: Condition, counts: ValueCount[]): EncodedLevel {
  return {
    level,
    condition,
    leads: counts.reduce((s, c) => s + c.leads, 0),
    conversions: counts.reduce((s, c) => s + c.conversions, 0),
  };
}

/** Index of the level with the most leads (first on ties). */
export function mostCommon(levels: EncodedLevel[]): number {
  let best = 0;
  levels.forEach((l, i) => {
    if (l.leads > levels[best].leads) best = i;
  });
  return best;
}
