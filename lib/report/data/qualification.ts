import type { PageContext } from "./store.ts";
import { latestModel } from "./model.ts";
import { absent, lib, part } from "./part.ts";
import { suppress } from "../suppress.ts";

/**
 * The Qualification page: lib/qualify's fit × intent grade matrix, MQL/SQL thresholds, and the
 * disqualification rules with the converters each would lose. Grade cells with fewer than k leads
 * are not published.
 */
export async function qualificationData({ conn, minCell }: PageContext) {
  if (!(await latestModel(conn))) return { report: absent("Qualification grades need a fitted scoring model: run `leadlens fit` and `leadlens score`.") };
  return {
    report: await part("qualification", async () => {
      const qualify = await import(lib("qualify"));
      const fn = qualify.qualifyReport ?? qualify.qualificationReport;
      if (!fn) throw Object.assign(new Error("Cannot find module lib/qualify/ report"), { code: "ERR_MODULE_NOT_FOUND" });
      const report = await fn(conn, {});
      return {
        ...report,
        matrix: Array.isArray(report.matrix) ? suppress(report.matrix, { minCell }).rows : report.matrix,
      };
    }),
  };
}
