import { describe, it, expect } from "vitest";
import * as lib from "../../lib/index.ts";

// The public API promised in docs/architecture.md: one import gives every concept.
const api = [
  "openStore",
  "migrate",
  "all",
  "transaction",
  "wilson",
  "clopperPearson",
  "chiSquareIndependence",
  "twoProportionZTest",
  "kaplanMeier",
  "kaplanMeierFromCounts",
  "kmQuantile",
  "kmQuantileCI",
  "rmst",
  "auc",
  "delong",
  "averagePrecision",
  "brier",
  "logLoss",
  "ks",
  "gainsTable",
  "fitPlatt",
  "applyPlatt",
  "fitIsotonic",
  "applyIsotonic",
  "reliabilityTable",
  "ece",
  "psi",
  "psiEdges",
  "psiCategorical",
  "fitLogistic",
  "patternQuery",
  "fitModel",
  "scoreLeads",
  "driftReport",
  "scorecard",
  "parseCondition",
  "formatCondition",
  "conditionToSql",
  "explain",
  "gradeCuts",
  "qualifyReport",
  "funnelReport",
  "segmentsReport",
  "roiReport",
  "buildReport",
];

describe("lib/index.ts", () => {
  it.each(api)("exports %s as a function", (name) => {
    expect(typeof (lib as Record<string, unknown>)[name]).toBe("function");
  });
  it("re-exports the same functions as the concept folders", async () => {
    const stats = await import("../../lib/stats/index.ts");
    expect(lib.wilson).toBe(stats.wilson);
    expect(lib.wilson(5, 20).n).toBe(20);
  });
});
