import type { PageContext } from "./store.ts";
import { latestModel, pick } from "./model.ts";
import { absent } from "./part.ts";
import { suppress } from "../suppress.ts";

/**
 * The Tune weights page: held-out patterns (one row per combination of the model's attribute levels:
 * leads, conversions) and the fitted points per level. The browser recomputes AUC, lift and MQL
 * volume from these with lib/metrics' own code. Patterns with fewer than k leads are not published;
 * the page says what share of held-out leads the published patterns cover.
 */
export async function tuneData({ conn, minCell }: PageContext) {
  const m = await latestModel(conn);
  if (!m) return { patterns: absent("Tuning needs a fitted scoring model: run `leadlens fit` first.") };
  const patterns = pick(m, "holdout_patterns", "patterns");
  const points = pick(m, "points", "points_table", "scorecard");
  if (!Array.isArray(patterns) || !Array.isArray(points)) {
    return { patterns: absent("The model artifact has no held-out pattern table yet (lib/model), so the weights cannot be tuned in the browser in this version.") };
  }
  const s = suppress(patterns as any[], { minCell });
  return { min_cell: minCell, points, patterns: { available: true, data: s.rows }, suppressed_leads: s.suppressedLeads };
}
