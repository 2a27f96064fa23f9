import type { PageContext } from "./store.ts";
import { latestModel, modelHeadline, pick } from "./model.ts";
import { absent, lib, part } from "./part.ts";
import { suppress } from "../suppress.ts";

/**
 * The Scoring model page: the newest fitted model's points table, held-out reliability, gains and
 * lift, the comparison with a current rubric when one was evaluated, and drift. Everything is read
 * from the model artifact lib/model wrote; rows describing fewer than k leads are not published.
 */
export async function modelData({ conn, minCell }: PageContext) {
  const m = await latestModel(conn);
  if (!m) return { model: absent("No scoring model has been fitted on this data yet: run `leadlens fit`.") };
  const rows = (x: unknown, count = "n") => (Array.isArray(x) ? suppress(x as any[], { minCell, count: count as any }).rows : null);
  return {
    model: { available: true, data: modelHeadline(m) },
    points: rows(pick(m, "points", "points_table", "scorecard"), "n"),
    reliability: rows(pick(m, "reliability", "calibration_table"), "n"),
    gains: rows(pick(m, "gains", "gains_table", "lift"), "n"),
    rubric: pick(m, "rubric", "rubric_comparison", "compare") ?? null,
    drift: await part("drift", async () => {
      const drift = await import(lib("drift"));
      const fn = drift.driftReport ?? drift.drift;
      if (!fn) throw Object.assign(new Error("Cannot find module lib/drift/"), { code: "ERR_MODULE_NOT_FOUND" });
      return fn(conn, {});
    }),
  };
}
