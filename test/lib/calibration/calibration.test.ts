import { describe, it, expect } from "vitest";
import {
  fitPlatt,
  applyPlatt,
  fitIsotonic,
  applyIsotonic,
  reliabilityTable,
  ece,
} from "../../../lib/calibration/index.ts";
import { readReference, readCsv, expectAbs, expectAllClose } from "../stats/reference.ts";

const ref = readReference("calibration/calibration.json");
const { score, y } = readCsv("calibration/scores.csv") as { score: number[]; y: number[] };

describe("Platt scaling with target smoothing against sklearn", () => {
  it("on the score: a, b abs 1e-7 vs exact Newton (1e-6 vs sklearn) and calibrated grid", () => {
    const m = fitPlatt(score, y);
    const r = ref.platt.on_score;
    expectAbs(m.a, r.a_exact_newton, 1e-7, "a");
    expectAbs(m.b, r.b_exact_newton, 1e-7, "b");
    expectAbs(m.a, r.a_sklearn, 1e-6, "a sklearn");
    expectAbs(m.b, r.b_sklearn, 1e-6, "b sklearn");
    expectAllClose(applyPlatt(m, ref.isotonic.grid as number[]), r.calibrated_at_grid, 1e-9, "grid");
  });
  it("on the logit of the score", () => {
    const f = score.map((s) => Math.log(s / (1 - s)));
    const m = fitPlatt(f, y);
    expectAbs(m.a, ref.platt.on_logit_score.a_exact_newton, 1e-7, "a");
    expectAbs(m.b, ref.platt.on_logit_score.b_exact_newton, 1e-7, "b");
  });
  it("is not plain logistic regression: smoothing moves a away from the ML value −3.5430", () => {
    expect(Math.abs(fitPlatt(score, y).a - -3.543)).toBeGreaterThan(1e-3);
  });
  it("frequency weights equal repeated rows; constant scores fit the smoothed rate", () => {
    const f = [0.1, 0.3, 0.4, 0.8, 0.9, 0.2];
    const yy = [0, 0, 1, 1, 1, 0];
    const w = [2, 1, 3, 1, 2, 1];
    const a = fitPlatt(f, yy, w);
    const b = fitPlatt(
      f.flatMap((v, i) => Array(w[i]).fill(v)),
      yy.flatMap((v, i) => Array(w[i]).fill(v)),
    );
    expectAbs(a.a, b.a, 1e-10, "a");
    expectAbs(a.b, b.b, 1e-10, "b");
    // All scores equal: P is the smoothed rate (1·T₊ + 2·T₋)/3 with T₊ = 2/3, T₋ = 1/4.
    const c = fitPlatt([0.5, 0.5, 0.5], [1, 0, 0]);
    expectAbs(applyPlatt(c, 0.5), (2 / 3 + 2 * 0.25) / 3, 1e-9, "constant");
    expect(() => fitPlatt([0.1], [2])).toThrow(RangeError);
  });
});

describe("isotonic calibration against sklearn IsotonicRegression", () => {
  const m = fitIsotonic(score, y);
  it("thresholds and range", () => {
    expectAllClose(m.xThresholds, ref.isotonic.X_thresholds, 1e-10, "X");
    expectAllClose(m.yThresholds, ref.isotonic.y_thresholds, 1e-10, "y");
    expect(m.xMin).toBe(ref.isotonic.X_min);
    expect(m.xMax).toBe(ref.isotonic.X_max);
  });
  it("fitted values at every input and on the grid (interpolated, clipped) to 1e-10", () => {
    expectAllClose(applyIsotonic(m, score), ref.isotonic.fitted_at_inputs, 1e-10, "inputs");
    expectAllClose(applyIsotonic(m, ref.isotonic.grid as number[]), ref.isotonic.fitted_at_grid, 1e-10, "grid");
  });
  it("hand case: a violating pair is pooled, ties share a value, between blocks it interpolates", () => {
    const h = fitIsotonic([0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 0, 1, 1]);
    expect(h.yThresholds).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(applyIsotonic(h, 0.25)).toBe(0.5);
    expectAbs(applyIsotonic(h, 0.35), 0.75, 1e-15, "interpolated");
    expect(applyIsotonic(h, [-1, 9])).toEqual([0, 1]);
    const t = fitIsotonic([0.2, 0.2, 0.2, 0.6], [1, 0, 0, 1]);
    expect(t.xThresholds).toEqual([0.2, 0.6]);
    expectAbs(t.yThresholds[0], 1 / 3, 1e-15, "tied scores pooled");
  });
  it("frequency weights equal repeated rows", () => {
    const x = [0.1, 0.2, 0.3, 0.4, 0.5, 0.3];
    const yy = [0, 1, 0, 1, 0, 1];
    const w = [2, 1, 3, 1, 2, 0];
    const a = fitIsotonic(x, yy, w);
    const b = fitIsotonic(
      x.flatMap((v, i) => Array(w[i]).fill(v)),
      yy.flatMap((v, i) => Array(w[i]).fill(v)),
    );
    expect(a).toEqual(b);
  });
});

describe("reliability table against sklearn calibration_curve", () => {
  for (const strategy of ["uniform", "quantile"] as const) {
    it(`${strategy} bins: edges, counts, predicted and observed to 1e-12`, () => {
      const r = ref.reliability_curve[strategy];
      const table = reliabilityTable(y, score, { strategy });
      expectAllClose([table[0].low, ...table.map((b) => b.high)], r.bin_edges, 1e-12, "edges");
      expect(table.map((b) => b.n)).toEqual(r.bin_counts_all_10);
      const nonEmpty = table.filter((b) => b.n > 0);
      expect(nonEmpty.map((b) => b.bin)).toEqual(r.nonempty_bins);
      expectAllClose(
        nonEmpty.map((b) => b.observed_rate),
        r.prob_true,
        1e-12,
        "prob_true",
      );
      expectAllClose(
        nonEmpty.map((b) => b.mean_predicted),
        r.prob_pred,
        1e-12,
        "prob_pred",
      );
      for (const b of table) expect(b.ci_low <= b.observed_rate && b.observed_rate <= b.ci_high).toBe(true);
    });
  }
  it("empty bins are kept with n = 0; weights count as repeated rows; edge scores go to the lower bin", () => {
    const t = reliabilityTable([0, 1], [0.05, 0.15], { bins: 4 });
    expect(t.map((b) => b.n)).toEqual([2, 0, 0, 0]);
    expect(t[1].observed_rate).toBeNaN();
    const w = reliabilityTable([0, 1, 1], [0.5, 0.5, 0.9], { bins: 2, weights: [3, 1, 2] });
    expect(w.map((b) => [b.n, b.observed_rate])).toEqual([
      [4, 0.25],
      [2, 1],
    ]);
    expect(() => reliabilityTable([0], [1.5])).toThrow(RangeError);
  });
});

describe("ECE / MCE (own computation in the reference)", () => {
  for (const [closed, key] of [
    ["right", "right_closed"],
    ["left", "left_closed"],
  ] as const) {
    it(`${closed}-closed bins to 1e-12`, () => {
      const r = ref.ece[key];
      const got = ece(y, score, { closed });
      expectAbs(got.ece, r.ece, 1e-12, "ece");
      expectAbs(got.mce, r.mce, 1e-12, "mce");
      got.bins.forEach((b, k) => {
        const e = r.bins[k];
        expect(b.count).toBe(e.count);
        expectAbs(b.low, e.lo, 1e-15, "lo");
        expectAbs(b.high, e.hi, 1e-15, "hi");
        expectAbs(b.mean_predicted, e.mean_pred, 1e-12, `mean_pred[${k}]`);
        expectAbs(b.observed_rate, e.frac_pos, 1e-12, `frac_pos[${k}]`);
        expectAbs(b.abs_gap, e.abs_gap, 1e-12, `gap[${k}]`);
      });
    });
  }
  it("hand case and the edge-value difference between conventions", () => {
    const r = ece([0, 1, 1, 0], [0.05, 0.1, 0.75, 0.8], { bins: 2 });
    expectAbs(r.ece, (2 * 0.425 + 2 * 0.275) / 4, 1e-15, "ece");
    expectAbs(r.mce, 0.425, 1e-15, "mce");
    // 0.5 is on an edge: right-closed puts it in bin 0, left-closed in bin 1.
    expect(ece([1], [0.5], { bins: 2 }).bins.map((b) => b.count)).toEqual([1, 0]);
    expect(ece([1], [0.5], { bins: 2, closed: "left" }).bins.map((b) => b.count)).toEqual([0, 1]);
    expect(ece([], []).ece).toBeNaN();
    const w = ece([0, 1, 1], [0.2, 0.2, 0.9], { weights: [2, 1, 3] });
    const e = ece([0, 0, 1, 1, 1, 1], [0.2, 0.2, 0.2, 0.9, 0.9, 0.9]);
    expectAbs(w.ece, e.ece, 1e-15, "weighted ece");
    expect(w.mce).toBe(e.mce);
  });
});
