import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { join } from "node:path";
import { openStore, type Store } from "../../../lib/store/index.ts";
import { fitModel, type ModelArtifact } from "../../../lib/model/index.ts";
import { ingest, sharedData } from "./acceptance-helpers.ts";

// Acceptance: X Education through its preset, no scoring.yml.
let store: Store;
let model: ModelArtifact;

beforeAll(async () => {
  store = await openStore(await ingest("x-education", "--file", join(sharedData, "x-education-leads/Leads.csv")));
  model = await fitModel(store.conn, {});
}, 180_000);
afterAll(async () => store?.close());

describe("X Education (preset, default inputs)", () => {
  it("reaches a held-out AUC ≥ 0.90 with its DeLong interval, by k-fold (no dates)", () => {
    const m = model.metrics;
    expect(m.validation).toBe("kfold");
    expect(m.n_test).toBe(9240);
    expect(m.auc).toBeGreaterThanOrEqual(0.9);
    expect(m.auc_ci[0]).toBeLessThan(m.auc);
    expect(m.auc_ci[1]).toBeGreaterThan(m.auc);
    expect(m.auc_ci[1] - m.auc_ci[0]).toBeLessThan(0.03);
  });
  it("is calibrated after calibration: ECE ≤ 0.03", () => {
    expect(model.metrics.ece).toBeLessThanOrEqual(0.03);
  });
  it("never uses the post-outcome columns by default and raises no leakage warning", () => {
    const names = model.attributes.map((a) => a.name);
    for (const leak of ["tags", "lead_quality", "asymmetrique_activity_score"]) expect(names).not.toContain(leak);
    expect(model.warnings.some((w) => /leakage/i.test(w))).toBe(false);
    // "Select" is a missing value, not a level.
    const spec = model.attributes.find((a) => a.name === "specialization")!;
    expect(spec.levels.map((l) => l.level)).not.toContain("select");
  });
  it("a scoring.yml that adds Tags triggers the leakage warning naming it", async () => {
    const leaky = await fitModel(store.conn, {
      add_attributes: ["tags"],
      allow_post_outcome: true,
      penalty_grid: [1],
      calibration: "platt",
    });
    const warning = leaky.warnings.find((w) => /leakage/i.test(w));
    expect(warning).toMatch(/tags alone reaches a held-out AUC of 0\.9\d\d/);
    expect(leaky.metrics.auc).toBeGreaterThan(model.metrics.auc);
  }, 120_000);
});
