import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { syntheticStore, TRUTH } from "./synthetic.ts";
import { exec, type Store } from "../../../lib/store/index.ts";
import { fitModel, type ModelArtifact } from "../../../lib/model/index.ts";
import { normalCritical } from "../../../lib/stats/index.ts";

let store: Store;
let model: ModelArtifact;

beforeAll(async () => {
  store = await syntheticStore(20000);
  model = await fitModel(store.conn, {});
});
afterAll(async () => store.close());

const level = (m: ModelArtifact, attr: string, lv: string) =>
  m.attributes.find((a) => a.name === attr)!.levels.find((l) => l.level === lv)!;

describe("fitModel on synthetic leads with a known truth", () => {
  it("validates out of time on the newest leads, with every metric held out", () => {
    const x = model.metrics;
    expect(x.validation).toBe("out_of_time");
    expect(x.n_test).toBeGreaterThan(0.15 * (x.n_train + x.n_test));
    expect(x.n_test).toBeLessThan(0.25 * (x.n_train + x.n_test));
    expect(model.training_window.test_from! > model.training_window.created_from!).toBe(true);
    expect(x.auc_ci[0]).toBeLessThan(x.auc);
    expect(x.auc_ci[1]).toBeGreaterThan(x.auc);
    expect(x.auc).toBeGreaterThan(0.65);
    expect(x.ece).toBeLessThan(0.04);
    expect(x.reliability.length).toBe(10);
    expect(x.gains.length).toBe(10);
  });
  it("recovers the true coefficients: 95% intervals cover them", () => {
    // Reference levels in the fit are the most common (retail, email), as in the truth.
    const z = normalCritical(0.95);
    const checks: Array<[string, string, number]> = [
      ["industry", "software", TRUTH.industry.software],
      ["industry", "finance", TRUTH.industry.finance],
      ["industry", "health", TRUTH.industry.health],
      ["channel", "search", TRUTH.channel.search],
      ["channel", "social", TRUTH.channel.social],
    ];
    let covered = 0;
    for (const [a, l, truth] of checks) {
      const fitted = level(model, a, l);
      if (Math.abs(fitted.coef - truth) <= z * fitted.se!) covered++;
      expect(Math.abs(fitted.coef - truth)).toBeLessThan(4 * fitted.se!);
    }
    expect(covered).toBeGreaterThanOrEqual(4);
  });
  it("aggregates leads into far fewer patterns than leads", () => {
    expect(model.patterns.aggregated).toBe(true);
    expect(model.patterns.compression).toBeLessThan(0.2);
    expect(model.data_fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
  it("chooses the penalty and the calibration by cross-validated log loss", () => {
    const best = Math.min(...model.penalty.cv_log_loss.map((r) => r.log_loss));
    expect(model.penalty.cv_log_loss.find((r) => r.C === model.penalty.C)!.log_loss).toBe(best);
    const cv = model.calibration.cv_log_loss;
    expect(["platt", "isotonic"]).toContain(model.calibration.method);
    expect(cv[model.calibration.method]).toBe(Math.min(cv.platt, cv.isotonic));
  });
  it("gives integer points, a points table covering every total, and grade cuts", () => {
    for (const a of model.attributes) for (const l of a.levels) expect(Number.isInteger(l.points)).toBe(true);
    expect(model.points_table[0].points).toBe(model.points.min);
    expect(model.points_table.at(-1)!.points).toBe(model.points.max);
    const probs = model.points_table.map((r) => r.probability);
    for (let i = 1; i < probs.length; i++) expect(probs[i]).toBeGreaterThanOrEqual(probs[i - 1] - 1e-12);
    expect(model.grade_cuts.fit.length).toBe(3);
  });
});

describe("fitModel options", () => {
  it("fits one row per lead to the same coefficients as patterns (rows mode)", async () => {
    const rows = await fitModel(store.conn, {
      aggregate: "rows",
      penalty_grid: [model.penalty.C],
      calibration: "platt",
    });
    expect(rows.patterns.aggregated).toBe(false);
    expect(rows.patterns.rows).toBe(rows.patterns.leads);
    const pat = await fitModel(store.conn, { penalty_grid: [model.penalty.C], calibration: "platt" });
    pat.attributes.forEach((a, j) =>
      a.levels.forEach((l, i) => expect(rows.attributes[j].levels[i].coef).toBeCloseTo(l.coef, 8)),
    );
    expect(rows.metrics.auc).toBeCloseTo(pat.metrics.auc, 10);
  });
  it("warns about an attribute that alone predicts the outcome (leakage)", async () => {
    const leaky = await fitModel(store.conn, {
      attributes: ["industry", "channel", "sales_tag"],
      allow_post_outcome: true,
      penalty_grid: [1],
    });
    expect(leaky.warnings.some((w) => /leakage: sales_tag/i.test(w))).toBe(true);
    expect(leaky.warnings.some((w) => /post_outcome/.test(w))).toBe(true);
    expect(model.warnings.some((w) => /leakage/i.test(w))).toBe(false);
  });
  it("uses stratified k-fold when leads have no created_at", async () => {
    const s = await syntheticStore(3000);
    await exec(s.conn, "UPDATE leads SET created_at = NULL");
    await exec(s.conn, "UPDATE outcomes SET outcome = 'lost' WHERE outcome = 'open'");
    const m = await fitModel(s.conn, { attributes: ["industry", "channel"], penalty_grid: [0.3, 3] });
    expect(m.metrics.validation).toBe("kfold");
    expect(m.metrics.n_test).toBe(3000);
    expect(m.metrics.n_train).toBe(3000);
    await s.close();
  });
  it("refuses a post_outcome input without allow_post_outcome", async () => {
    await expect(fitModel(store.conn, { attributes: ["industry", "sales_tag"] })).rejects.toThrow(/post_outcome/);
  });
});
