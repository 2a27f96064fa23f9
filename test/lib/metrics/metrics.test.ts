import { describe, it, expect } from "vitest";
import { auc, delong, averagePrecision, brier, logLoss, ks, gainsTable, rocCurve } from "../../../lib/metrics/index.ts";
import { readReference, readCsv, expectAbs, expectRel, expectAllClose } from "../stats/reference.ts";

const ref = readReference("metrics/metrics.json");
const { score: p, y } = readCsv("calibration/scores.csv") as { score: number[]; y: number[] };

describe("metrics against sklearn / scipy / own numpy (metrics.json)", () => {
  it("AUC, average precision, Brier, log loss to 1e-12", () => {
    expect(y.length).toBe(ref.meta.n);
    expectAbs(auc(y, p), ref.roc_auc.value, 1e-12, "auc");
    expectAbs(averagePrecision(y, p), ref.average_precision.value, 1e-12, "ap");
    expectAbs(brier(y, p), ref.brier.value, 1e-12, "brier");
    expectAbs(logLoss(y, p), ref.log_loss.value, 1e-12, "log loss");
  });
  it("DeLong: se rel 1e-9, interval abs 1e-10", () => {
    const d = delong(y, p);
    expectAbs(d.auc, ref.delong.auc, 1e-12, "auc");
    expectRel(d.se / ref.delong.se, 1, 1e-9, "se");
    expectRel(d.variance / ref.delong.var, 1, 1e-9, "var");
    expectAbs(d.low, ref.delong.ci95[0], 1e-10, "low");
    expectAbs(d.high, ref.delong.ci95[1], 1e-10, "high");
    expect([d.positives, d.negatives]).toEqual([ref.meta.n_pos, ref.meta.n_neg]);
  });
  it("DeLong SE is within 10% of the bootstrap SD (Monte-Carlo cross-check)", () => {
    expect(Math.abs(ref.bootstrap_crosscheck.sd / delong(y, p).se - 1)).toBeLessThan(0.1);
  });
  it("KS statistic, location, sign; asymptotic and exact p-values as scipy", () => {
    const k = ks(y, p);
    expectAbs(k.statistic, ref.ks.statistic, 1e-12, "D");
    expect(k.location).toBe(ref.ks.statistic_location);
    expect(k.sign).toBe(ref.ks.statistic_sign);
    expectRel(k.pValueAsymp / ref.ks.pvalue_asymp, 1, 1e-6, "asymp p");
    expectRel(k.pValueExact / ref.ks.pvalue_auto, 1, 1e-6, "exact p (scipy 'auto' chose exact)");
  });
  it("gains table, stable ties: counts exact, rates 1e-12", () => {
    const rows = gainsTable(y, p);
    expect(rows).toHaveLength(10);
    rows.forEach((r, i) => {
      const e = ref.gains_table.stable.rows[i];
      expect([r.group, r.n, r.positives, r.cum_n, r.cum_positives]).toEqual([
        e.decile,
        e.n,
        e.n_pos,
        e.cum_n,
        e.cum_pos,
      ]);
      expect([r.score_min, r.score_max]).toEqual([e.score_min, e.score_max]);
      for (const [a, b] of [
        ["response_rate", "response_rate"],
        ["cum_gain", "cum_gain"],
        ["lift", "lift"],
        ["cum_lift", "cum_lift"],
      ] as const) {
        expectAbs(r[a], e[b], 1e-12, `${a}[${i}]`);
      }
    });
  });
  it("gains table, fractional ties: 1e-9, and only the straddled deciles differ from stable", () => {
    const rows = gainsTable(y, p, { ties: "fractional" });
    const stable = gainsTable(y, p);
    const straddled = new Set(ref.gains_table.tie_fractional.straddling_tie_blocks.map((b: any) => b.cut_after_row));
    rows.forEach((r, i) => {
      const e = ref.gains_table.tie_fractional.rows[i];
      expect(r.n).toBe(e.n);
      for (const [a, b] of [
        ["positives", "n_pos"],
        ["response_rate", "response_rate"],
        ["cum_positives", "cum_pos"],
        ["cum_gain", "cum_gain"],
        ["lift", "lift"],
        ["cum_lift", "cum_lift"],
      ] as const) {
        expectAbs(r[a], e[b], 1e-9, `${a}[${i}]`);
      }
      if (!straddled.has(r.cum_n)) expect(r.cum_positives).toBe(stable[i].cum_positives);
      else expect(r.cum_positives).not.toBe(stable[i].cum_positives);
    });
  });
  it("ROC curve, one point per distinct score, first threshold +Infinity", () => {
    const roc = rocCurve(y, p);
    expect(roc.thresholds).toEqual(ref.roc_curve.thresholds);
    expectAllClose(roc.fpr, ref.roc_curve.fpr, 1e-12, "fpr");
    expectAllClose(roc.tpr, ref.roc_curve.tpr, 1e-12, "tpr");
    // The trapezoid area under these points is the AUC.
    let area = 0;
    for (let k = 1; k < roc.fpr.length; k++)
      area += ((roc.fpr[k] - roc.fpr[k - 1]) * (roc.tpr[k] + roc.tpr[k - 1])) / 2;
    expectAbs(area, ref.roc_auc.value, 1e-12, "trapezoid area");
  });
});

describe("frequency weights = expanded rows", () => {
  // Aggregate the fixture by identical (score, y) pattern, as DuckDB GROUP BY would.
  const groups = new Map<string, { p: number; y: number; w: number }>();
  p.forEach((s, i) => {
    const key = `${s}|${y[i]}`;
    const g = groups.get(key) ?? { p: s, y: y[i], w: 0 };
    g.w++;
    groups.set(key, g);
  });
  const rows = [...groups.values()];
  const [gp, gy, gw] = [rows.map((r) => r.p), rows.map((r) => r.y), rows.map((r) => r.w)];
  it("grouped patterns give the row-level numbers", () => {
    expect(rows.length).toBeLessThan(p.length);
    expectAbs(auc(gy, gp, gw), auc(y, p), 1e-15, "auc");
    expectAbs(averagePrecision(gy, gp, gw), averagePrecision(y, p), 1e-14, "ap");
    expectAbs(brier(gy, gp, gw), brier(y, p), 1e-14, "brier");
    expectAbs(logLoss(gy, gp, gw), logLoss(y, p), 1e-14, "log loss");
    const dw = delong(gy, gp, { weights: gw });
    const d = delong(y, p);
    expectRel(dw.se / d.se, 1, 1e-12, "delong se");
    expect([dw.positives, dw.negatives]).toEqual([d.positives, d.negatives]);
  });
  it("integer weights on a small sample equal literal repetition", () => {
    const yy = [0, 1, 0, 1, 1, 0, 0];
    const pp = [0.2, 0.7, 0.7, 0.4, 0.9, 0.1, 0.4];
    const ww = [3, 1, 2, 4, 1, 5, 2];
    const ey = yy.flatMap((v, i) => Array(ww[i]).fill(v));
    const ep = pp.flatMap((v, i) => Array(ww[i]).fill(v));
    const a = delong(yy, pp, { weights: ww });
    const b = delong(ey, ep);
    expectAbs(a.auc, b.auc, 1e-15, "auc");
    expectAbs(a.se, b.se, 1e-15, "se");
    expectAbs(a.low, b.low, 1e-15, "low");
    expectAbs(averagePrecision(yy, pp, ww), averagePrecision(ey, ep), 1e-15, "ap");
    expect(rocCurve(yy, pp, ww)).toEqual(rocCurve(ey, ep));
  });
});

describe("small hand-checkable cases and edges", () => {
  it("AUC counts tied pairs as ½ and ignores the score scale", () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(auc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(auc([0, 0, 1, 1], [10, 40, 35, 80])).toBe(0.75);
    expect(auc([1, 1, 0, 0], [0.1, 0.4, 0.35, 0.8])).toBe(0.25);
  });
  it("DeLong by hand: placements (2/3, 1, 1) and (1, 1, 2/3)", () => {
    const d = delong([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9]);
    expectAbs(d.auc, 8 / 9, 1e-15, "auc");
    // S10 = S01 = (4/81 + 1/81 + 1/81)/2 = 3/81; Var = 2·(3/81)/3.
    expectAbs(d.variance, (2 * (3 / 81)) / 3, 1e-15, "variance");
  });
  it("one class only: AUC, AP and DeLong are NaN (no pair to rank); KS throws", () => {
    expect(auc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(auc([0, 0], [0.2, 0.3])).toBeNaN();
    expect(averagePrecision([0, 0], [0.2, 0.3])).toBeNaN();
    const d = delong([1, 1, 1], [0.1, 0.2, 0.3]);
    expect([d.auc, d.se, d.low, d.high]).toEqual([NaN, NaN, NaN, NaN]);
    expect(() => ks([1, 1], [0.2, 0.3])).toThrow(RangeError);
    // One lead in a class: AUC defined, its variance is not.
    expect(delong([0, 1, 0], [0.1, 0.9, 0.3]).se).toBeNaN();
  });
  it("KS exact p-value is computed by default only up to 10 000 leads per class (scipy 'auto')", () => {
    const n = 10_001;
    const yy = Array.from({ length: n + 3 }, (_, i) => (i < 3 ? 1 : 0));
    const pp = yy.map((v, i) => (v ? 0.9 : (i % 100) / 100));
    const k = ks(yy, pp);
    expect(k.pValueExact).toBeNaN();
    expect(k.pValueAsymp).toBeGreaterThan(0);
    expect(ks(yy.slice(0, 50), pp.slice(0, 50)).pValueExact).toBeGreaterThan(0);
    expect(ks(yy.slice(0, 50), pp.slice(0, 50), { exact: false }).pValueExact).toBeNaN();
  });
  it("empty input: NaN", () => {
    expect(auc([], [])).toBeNaN();
    expect(brier([], [])).toBeNaN();
    expect(logLoss([], [])).toBeNaN();
  });
  it("bad input is rejected with its position", () => {
    expect(() => auc([0, 2], [0.1, 0.2])).toThrow(/position 1/);
    expect(() => brier([0, 1], [0.1, NaN])).toThrow(/position 1/);
    expect(() => auc([0, 1], [0.1])).toThrow(RangeError);
    expect(() => logLoss([0, 1], [0.1, 1.2])).toThrow(/position 1/);
    expect(() => brier([0, 1], [0.1, 0.2], [1, -1])).toThrow(/weight/);
  });
  it("average precision by hand, log loss clipping", () => {
    expectAbs(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.5 * 1 + 0.5 * (2 / 3), 1e-15, "ap");
    // A tie block is one step: both leads at 0.5, one converted → precision ½ at recall 1.
    expect(averagePrecision([1, 0], [0.5, 0.5])).toBe(0.5);
    expectAbs(logLoss([0, 1], [0.2, 0.6]), -(Math.log(0.8) + Math.log(0.6)) / 2, 1e-15, "ll");
    expectAbs(logLoss([1], [0]), -Math.log(Number.EPSILON), 1e-12, "clipped");
    expect(brier([0, 1, 1], [0.2, 0.6, 0.9])).toBeCloseTo(0.07, 15);
  });
  it("gains table: hand case, uneven N, validation", () => {
    const t = gainsTable([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], { groups: 2 });
    expect(t.map((r) => [r.n, r.positives, r.cum_gain, r.lift])).toEqual([
      [2, 1, 0.5, 1],
      [2, 1, 1, 1],
    ]);
    const uneven = gainsTable([1, 0, 1, 0, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], { groups: 3 });
    expect(uneven.map((r) => r.n)).toEqual([2, 3, 2]);
    expect(uneven[2].cum_n).toBe(7);
    expect(uneven[2].cum_gain).toBe(1);
    // Fractional: the tie block {0.5, 0.5} (one converted) split by the cut gives ½ to each group.
    const frac = gainsTable([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1], { groups: 2, ties: "fractional" });
    expect(gainsTable([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1], { groups: 2 }).map((r) => r.positives)).toEqual([2, 0]);
    expect(frac.map((r) => r.positives)).toEqual([1.5, 0.5]);
    expect(() => gainsTable([1], [0.5], { groups: 2 })).toThrow(RangeError);
  });
});
