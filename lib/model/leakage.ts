import { auc } from "../metrics/index.ts";
import type { Patterns } from "./patterns.ts";

/**
 * Held-out AUC of one attribute on its own: each level scores its smoothed training conversion rate
 * (conversions + 0.5)/(leads + 1), and the held-out leads of every split are pooled. An attribute
 * that alone separates held-out leads almost perfectly is usually recorded after the outcome.
 *
 * @param splits pairs of row selectors (train, test) over the pattern rows.
 */
export function singleAttributeAuc(p: Patterns, attribute: number, levels: number, splits: Array<{ train: (r: number) => boolean; test: (r: number) => boolean }>): number | null {
  const y: number[] = [];
  const s: number[] = [];
  const w: number[] = [];
  for (const split of splits) {
    const leads = new Float64Array(levels);
    const conv = new Float64Array(levels);
    for (let r = 0; r < p.rows; r++) {
      if (!split.train(r)) continue;
      leads[p.codes[attribute][r]] += p.leads[r];
      conv[p.codes[attribute][r]] += p.conversions[r];
    }
    for (let r = 0; r < p.rows; r++) {
      if (!split.test(r)) continue;
      const c = p.codes[attribute][r];
      const rate = (conv[c] + 0.5) / (leads[c] + 1);
      if (p.conversions[r] > 0) { y.push(1); s.push(rate); w.push(p.conversions[r]); }
      if (p.leads[r] - p.conversions[r] > 0) { y.push(0); s.push(rate); w.push(p.leads[r] - p.conversions[r]); }
    }
  }
  if (!y.includes(1) || !y.includes(0)) return null;
  return auc(y, s, w);
}
