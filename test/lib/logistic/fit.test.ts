import { describe, it, expect } from "vitest";
import { denseDesign, oneHotDesign, fitLogistic, linearPredictor } from "../../../lib/logistic/index.ts";
import { readCsv, readJson, expectRel } from "./fixture.ts";

const ref = readJson("logistic/logistic.json");
const design = readCsv("logistic/design.csv");
const X = denseDesign(Object.fromEntries(["x1", "x2", "x3", "x4", "x5", "x6"].map((n) => [n, design[n] as number[]])));
const y = design.y as number[];
const w = design.w as number[];

describe("unpenalised maximum likelihood (a_unpenalized_mle)", () => {
  const a = ref.a_unpenalized_mle;
  const fit = fitLogistic(X, { y });
  it("matches coefficients (rel 1e-6), names and convergence", () => {
    expect(fit.names).toEqual(a.names);
    expectRel(fit.coef, a.coef, 1e-6, "coef");
    expect(fit.converged).toBe(a.converged);
    expect(fit.iterations).toBeLessThanOrEqual(35);
  });
  it("matches standard errors, z, p-values and covariance", () => {
    expectRel(fit.se, a.se, 1e-5, "se");
    expectRel(fit.z, a.z, 1e-5, "z");
    // p-values follow from z; relative 1e-4 leaves room for z's 1e-5 in the far tails.
    for (let j = 0; j < a.p_value.length; j++) {
      if (a.p_value[j] === 0) expect(fit.pValue[j]).toBeLessThan(1e-300);
      else expect(Math.abs(fit.pValue[j] - a.p_value[j]) / a.p_value[j]).toBeLessThan(1e-4);
    }
    a.cov.forEach((row: number[], i: number) =>
      row.forEach((v, j) => {
        expect(Math.abs(fit.cov[i][j] - v)).toBeLessThanOrEqual(1e-5 * Math.abs(v) + 1e-15);
      }),
    );
  });
  it("matches the log-likelihoods (abs 1e-6)", () => {
    expect(Math.abs(fit.loglik - a.loglik)).toBeLessThan(1e-6);
    expect(Math.abs(fit.loglikNull - a.loglik_null)).toBeLessThan(1e-6);
  });
});

describe("L2 penalty in scikit-learn's form (b_l2_sklearn)", () => {
  const b = ref.b_l2_sklearn;
  const fit = fitLogistic(X, { y, C: 1 });
  it("matches the exact Newton solution (rel 1e-6) and scikit-learn (rel 1e-5)", () => {
    expectRel(fit.coef, b.coef_exact_newton, 1e-6, "coef_exact_newton");
    expectRel(fit.coef, b.coef_sklearn, 1e-5, "coef_sklearn");
    expect(fit.lambda).toBe(1);
  });
  it("reaches the same objective (abs 1e-6) with a zero gradient", () => {
    // sklearn's objective is ½‖b‖² + C·Σloss; ours is ½λ‖b‖² − loglik: equal at C = λ = 1.
    expect(Math.abs(fit.objective - b.objective_at_newton)).toBeLessThan(1e-6);
    expect(fit.objective).toBeLessThanOrEqual(b.objective_at_sklearn);
    expect(fit.gradInfNorm).toBeLessThan(1e-6);
  });
  it("lambda and C spell the same penalty", () => {
    const viaLambda = fitLogistic(X, { y, lambda: 1 });
    expectRel(viaLambda.coef, fit.coef, 1e-12, "lambda vs C");
  });
});

describe("frequency weights (c_frequency_weights)", () => {
  const c = ref.c_frequency_weights;
  const fit = fitLogistic(X, { y, weights: w });
  it("matches the weighted GLM and the expanded-row fits", () => {
    expectRel(fit.coef, c.weighted.coef, 1e-6, "weighted coef");
    expectRel(fit.coef, c.expanded_logit.coef, 1e-6, "expanded coef");
    expectRel(fit.se, c.weighted.se, 1e-5, "weighted se");
    expectRel(fit.se, c.expanded_logit.se, 1e-5, "expanded se");
    expectRel(fit.se, c.se_exact_inverse_information_at_weighted_mle, 1e-6, "exact se");
    expect(Math.abs(fit.loglik - c.weighted.loglik)).toBeLessThan(1e-6);
    expect(Math.abs(fit.loglik - c.expanded_glm.loglik)).toBeLessThan(1e-6);
    expect(Math.abs(fit.deviance - c.weighted.deviance)).toBeLessThan(1e-5);
    expect(fit.nObs).toBe(c.sum_w);
    expect(fit.nObs - fit.coef.length).toBe(c.weighted.df_resid);
    expect(fit.converged).toBe(true);
  });
  it("weights equal expanded rows in our own solver too", () => {
    const idx: number[] = [];
    w.forEach((k, i) => {
      for (let r = 0; r < k; r++) idx.push(i);
    });
    expect(idx.length).toBe(c.sum_w);
    const cols = Object.fromEntries(
      ["x1", "x2", "x3", "x4", "x5", "x6"].map((n) => [n, idx.map((i) => design[n][i] as number)]),
    );
    const expanded = fitLogistic(denseDesign(cols), { y: idx.map((i) => y[i]) });
    expectRel(expanded.coef, fit.coef, 1e-9, "expanded vs weighted coef");
    expectRel(expanded.se, fit.se, 1e-9, "expanded vs weighted se");
    expect(Math.abs(expanded.loglik - fit.loglik)).toBeLessThan(1e-6);
  });
});

describe("grouped patterns vs raw rows on a sparse one-hot design (d_aggregated_patterns)", () => {
  const d = ref.d_aggregated_patterns;
  const levels: Record<string, string[]> = d.levels;
  const code = (col: Array<number | string>, attr: string) => col.map((v) => levels[attr].indexOf(String(v)));
  const rows = readCsv("logistic/categorical_rows.csv");
  const grouped = readCsv("logistic/categorical_grouped.csv");
  const rawDesign = oneHotDesign({ a: code(rows.a, "a"), b: code(rows.b, "b"), c: code(rows.c, "c") }, levels);
  const groupDesign = oneHotDesign(
    { a: code(grouped.a, "a"), b: code(grouped.b, "b"), c: code(grouped.c, "c") },
    levels,
  );
  const raw = fitLogistic(rawDesign, { y: rows.y as number[] });
  const grp = fitLogistic(groupDesign, { y: grouped.n_success as number[], trials: grouped.n_trials as number[] });
  it("uses the reference coding and one non-zero per non-reference attribute", () => {
    expect(rawDesign.names).toEqual(d.names);
    expect(rawDesign.sparse!.colIdx.length).toBeLessThanOrEqual(3 * rawDesign.rows);
    expect(groupDesign.rows).toBe(d.n_patterns);
  });
  it("raw rows match statsmodels Logit", () => {
    expectRel(raw.coef, d.raw.coef, 1e-6, "raw coef");
    expectRel(raw.se, d.raw.se, 1e-5, "raw se");
    expect(Math.abs(raw.loglik - d.raw.loglik)).toBeLessThan(1e-6);
    expect(raw.converged).toBe(d.raw.converged);
  });
  it("grouped rows match the grouped GLM and the raw fit", () => {
    expectRel(grp.coef, d.grouped.coef, 1e-6, "grouped coef");
    expectRel(grp.se, d.grouped.se, 1e-5, "grouped se");
    expect(Math.abs(grp.loglik - d.grouped.loglik_binomial_kernel)).toBeLessThan(1e-6);
    expect(Math.abs(grp.deviance - d.grouped.deviance)).toBeLessThan(1e-5);
    expectRel(grp.coef, raw.coef, 1e-9, "grouped vs raw coef");
    expectRel(grp.se, raw.se, 1e-9, "grouped vs raw se");
    expect(grp.nObs).toBe(rows.y.length);
  });
  it("zero weights drop rows (how cross-validation folds are fitted)", () => {
    const keep = grouped.a.map(() => 1);
    keep[0] = 0;
    const dropped = fitLogistic(groupDesign, {
      y: grouped.n_success as number[],
      trials: grouped.n_trials as number[],
      weights: keep,
    });
    expect(dropped.nObs).toBe(rows.y.length - (grouped.n_trials[0] as number));
    expect(dropped.coef[0]).not.toBeCloseTo(grp.coef[0], 6);
  });
});

describe("edge cases", () => {
  it("refuses a singular unpenalised design and fits it with a penalty", () => {
    const d = oneHotDesign({ a: [0, 0, 1, 1] }, { a: ["A0", "A1", "A2"] });
    expect(() => fitLogistic(d, { y: [0, 1, 0, 1] })).toThrow(/singular/);
    const f = fitLogistic(d, { y: [0, 1, 0, 1], lambda: 1 });
    expect(f.coef[2]).toBeCloseTo(0, 12);
    expect(f.converged).toBe(true);
  });
  it("perfect separation does not blow up under a penalty", () => {
    const d = oneHotDesign({ a: [0, 0, 1, 1] }, { a: ["A0", "A1"] });
    const f = fitLogistic(d, { y: [0, 0, 1, 1], lambda: 1 });
    expect(f.converged).toBe(true);
    expect(Array.from(linearPredictor(d, f.coef))[2]).toBeGreaterThan(0);
  });
});

describe("XᵀWX from a row sample on tall designs (infoRows)", () => {
  const d = ref.d_aggregated_patterns;
  const levels: Record<string, string[]> = d.levels;
  const rows = readCsv("logistic/categorical_rows.csv");
  const code = (col: Array<number | string>, attr: string) => col.map((v) => levels[attr].indexOf(String(v)));
  const design = oneHotDesign({ a: code(rows.a, "a"), b: code(rows.b, "b"), c: code(rows.c, "c") }, levels);
  const y = rows.y as number[];
  const exact = fitLogistic(design, { y, infoRows: Infinity });
  it("stops at the same minimiser, with standard errors from the full matrix", () => {
    expect(design.rows).toBeGreaterThan(1000);
    const sampled = fitLogistic(design, { y, infoRows: 100 });
    expect(sampled.converged).toBe(true);
    expectRel(sampled.coef, exact.coef, 1e-9, "sampled vs exact coef");
    expectRel(sampled.coef, d.raw.coef, 1e-6, "sampled vs statsmodels coef");
    expectRel(sampled.se, exact.se, 1e-8, "sampled vs exact se");
    expect(Math.abs(sampled.objective - exact.objective)).toBeLessThan(1e-9);
  });
  it("a penalised fit agrees too", () => {
    const a = fitLogistic(design, { y, C: 0.5, infoRows: Infinity });
    const b = fitLogistic(design, { y, C: 0.5, infoRows: 50 });
    expectRel(b.coef, a.coef, 1e-9, "penalised sampled vs exact");
  });
  it("falls back to every row when the sample misses a level (unpenalised)", () => {
    // 12 rows, infoRows 3 → every 4th row (0, 4, 8) is sampled; level A2 only on rows 2 and 3.
    const codes = [0, 1, 2, 2, 1, 0, 1, 0, 0, 1, 1, 0];
    const yy = [0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0];
    const small = oneHotDesign({ a: codes }, { a: ["A0", "A1", "A2"] });
    const full = fitLogistic(small, { y: yy, infoRows: Infinity });
    const sampled = fitLogistic(small, { y: yy, infoRows: 3 });
    expect(sampled.converged).toBe(true);
    expectRel(sampled.coef, full.coef, 1e-9, "unpenalised");
    X;
  });
  it("unsorted or valued sparse rows take the general path to the same answer", () => {
    const sp = design.sparse!;
    const colIdx = Int32Array.from(sp.colIdx);
    for (let i = 0; i < design.rows; i++) colIdx.subarray(sp.rowPtr[i], sp.rowPtr[i + 1]).reverse();
    const reversed = fitLogistic({ ...design, sparse: { rowPtr: sp.rowPtr, colIdx } }, { y, infoRows: Infinity });
    const valued = fitLogistic(
      { ...design, sparse: { ...sp, values: new Float64Array(sp.colIdx.length).fill(1) } },
      { y, infoRows: 100 },
    );
    expectRel(reversed.coef, exact.coef, 1e-9, "reversed rows");
    expectRel(valued.coef, exact.coef, 1e-9, "valued rows");
    expectRel(valued.se, exact.se, 1e-8, "valued rows se");
  });
});
