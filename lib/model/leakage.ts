import { auc } from "../metrics/index.ts";
import type { Patterns } from "./patterns.ts";

/**
 * Held-out AUC of one attribute on its own: each level scores its smoothed training conversion rate
 * (conversions + 0.5)/(leads + 1), and the held-out leads of every split are pooled. An attribute
 * that alone separates held-out leads almost perfectly is usually recorded after the outcome.
 *
 * @param splits pairs of row selectors (train, test) over the pattern rows.
 * @param skipLevel a level whose held-out leads are left out (the missing level: a field that sales fill
 *   in after contact is blank for the others, which hides how well it predicts where it is filled).
 */
export function singleAttributeAuc(
  p: Patterns,
  attribute: number,
  levels: number,
  splits: Array<{ train: (r: number) => boolean; test: (r: number) => boolean }>,
  skipLevel = -1,
): number | null {
  // Held-out rows as weighted 0/1 rows in typed arrays sized by a counting pass (millions of
  // patterns when they barely repeat; growing JS arrays would hold several times the bytes).
  const held = (split: { test: (r: number) => boolean }, r: number) =>
    split.test(r) && p.codes[attribute][r] !== skipLevel;
  let size = 0;
  for (const split of splits) {
    for (let r = 0; r < p.rows; r++)
      if (held(split, r)) size += (p.conversions[r] > 0 ? 1 : 0) + (p.leads[r] - p.conversions[r] > 0 ? 1 : 0);
  }
  const y = new Float64Array(size);
  const s = new Float64Array(size);
  const w = new Float64Array(size);
  let k = 0;
  let positives = 0;
  let negatives = 0;
  for (const split of splits) {
    const leads = new Float64Array(levels);
    const conv = new Float64Array(levels);
    for (let r = 0; r < p.rows; r++) {
      if (!split.train(r)) continue;
      leads[p.codes[attribute][r]] += p.leads[r];
      conv[p.codes[attribute][r]] += p.conversions[r];
    }
    for (let r = 0; r < p.rows; r++) {
      if (!held(split, r)) continue;
      const c = p.codes[attribute][r];
      const rate = (conv[c] + 0.5) / (leads[c] + 1);
      if (p.conversions[r] > 0) {
        y[k] = 1;
        s[k] = rate;
        w[k] = p.conversions[r];
        k++;
        positives++;
      }
      if (p.leads[r] - p.conversions[r] > 0) {
        y[k] = 0;
        s[k] = rate;
        w[k] = p.leads[r] - p.conversions[r];
        k++;
        negatives++;
      }
    }
  }
  if (positives === 0 || negatives === 0) return null;
  return auc(y, s, w);
}

/**
 * The leakage check for one attribute: its single-attribute held-out AUC on every held-out lead, and
 * on the held-out leads where it is not missing (when those are at least 10% of them). Returns the
 * larger, with where it was measured.
 */
export function leakageAuc(
  p: Patterns,
  attribute: number,
  levels: Array<{ condition: { kind: string } }>,
  splits: Array<{ train: (r: number) => boolean; test: (r: number) => boolean }>,
): { all: number | null; recorded: number | null } {
  const all = singleAttributeAuc(p, attribute, levels.length, splits);
  const missing = levels.findIndex((l) => l.condition.kind === "missing");
  if (missing < 0) return { all, recorded: null };
  let held = 0;
  let recorded = 0;
  for (const s of splits) {
    for (let r = 0; r < p.rows; r++) {
      if (!s.test(r)) continue;
      held += p.leads[r];
      if (p.codes[attribute][r] !== missing) recorded += p.leads[r];
    }
  }
  if (recorded < 0.1 * held || recorded < 50) return { all, recorded: null };
  return { all, recorded: singleAttributeAuc(p, attribute, levels.length, splits, missing) };
}

/** Information value above which the scorecard literature calls an input suspicious (Siddiqi 2006). */
export const SUSPICIOUS_IV = 0.5;
/** A single input reaching this held-out AUC alone is questioned (below the leakage threshold). */
export const SUSPICIOUS_AUC = 0.8;

/**
 * "Too good to be true": a warning for each input whose information value on the training leads is
 * above {@link SUSPICIOUS_IV}, or whose single-attribute held-out AUC reaches {@link SUSPICIOUS_AUC},
 * unless the leakage warning (AUC ≥ `leakageAuc`) already names it. Real fit and intent inputs
 * rarely separate won from lost this well; inputs recorded during or after the sale (call
 * duration, a sales tag) do.
 *
 * @example
 * suspiciousInputWarnings([{ name: "duration", informationValue: 1.91 }], [{ all: 0.86, recorded: null }], 0.95)
 * // → ["Too good to be true? duration: information value 1.91 (above 0.5, 'suspicious' in Siddiqi 2006), held-out AUC 0.860 on its own. Is it known before the outcome? …"]
 */
export function suspiciousInputWarnings(
  attributes: Array<{ name: string; informationValue: number }>,
  leaks: Array<{ all: number | null; recorded: number | null }>,
  leakageAucThreshold: number,
): string[] {
  const out: string[] = [];
  attributes.forEach((a, j) => {
    const auc = Math.max(leaks[j]?.all ?? 0, leaks[j]?.recorded ?? 0);
    if (auc >= leakageAucThreshold) return;
    const iv = a.informationValue;
    if (!(iv > SUSPICIOUS_IV) && !(auc >= SUSPICIOUS_AUC)) return;
    const parts = [
      ...(iv > SUSPICIOUS_IV
        ? [`information value ${iv.toFixed(2)} (above ${SUSPICIOUS_IV}, "suspicious" in Siddiqi 2006)`]
        : []),
      ...(auc > 0 ? [`held-out AUC ${auc.toFixed(3)} on its own`] : []),
    ];
    out.push(
      `Too good to be true? ${a.name}: ${parts.join(", ")}. Is it known before the outcome? Inputs recorded during or after the sale (call duration, a sales tag) predict it this well; if so, mark it post_outcome in the source config or leave it out (drop_attributes in scoring.yml).`,
    );
  });
  return out;
}
