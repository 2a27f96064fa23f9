import { describe, it, expect } from "vitest";
import {
  wilson,
  clopperPearson,
  chiSquareIndependence,
  twoProportionZTest,
  normalQuantile,
  normalCritical,
  normalCdf,
  regularizedBeta,
  inverseRegularizedBeta,
  gammaP,
  gammaQ,
  chiSquareSurvival,
} from "../../../lib/stats/index.ts";
import { readReference, expectAbs, expectRel, expectAllClose } from "./reference.ts";

const ref = readReference("proportions/proportions.json");

describe("proportion intervals against statsmodels", () => {
  it("Wilson matches every case to abs 1e-12", () => {
    for (const c of ref.intervals.cases) {
      const got = wilson(c.successes, c.trials);
      expectAbs(got.rate, c.p_hat, 1e-15, `rate ${c.successes}/${c.trials}`);
      expectAbs(got.low, c.wilson[0], 1e-12, `wilson low ${c.successes}/${c.trials}`);
      expectAbs(got.high, c.wilson[1], 1e-12, `wilson high ${c.successes}/${c.trials}`);
      expect(got.n).toBe(c.trials);
    }
  });
  it("Clopper–Pearson matches every case to abs 1e-10", () => {
    for (const c of ref.intervals.cases) {
      const got = clopperPearson(c.successes, c.trials);
      expectAbs(got.low, c.clopper_pearson[0], 1e-10, `cp low ${c.successes}/${c.trials}`);
      expectAbs(got.high, c.clopper_pearson[1], 1e-10, `cp high ${c.successes}/${c.trials}`);
    }
  });
  it("n = 0 gives NaN, impossible counts throw", () => {
    for (const f of [wilson, clopperPearson]) {
      const r = f(0, 0);
      expect([r.rate, r.low, r.high, r.n]).toEqual([NaN, NaN, NaN, 0]);
      expect(() => f(3, 2)).toThrow(RangeError);
      expect(() => f(-1, 2)).toThrow(RangeError);
    }
  });
  it("hand-checkable Wilson: 1/1 with z² = 4 style algebra", () => {
    // x = n: upper bound 1, lower bound n/(n + z²).
    const z = normalCritical(0.95);
    expectAbs(wilson(10, 10).low, 10 / (10 + z * z), 1e-15, "10/10 low");
    expect(wilson(10, 10).high).toBe(1);
    // Clopper–Pearson 0/n upper bound is 1 − (α/2)^(1/n).
    expectAbs(clopperPearson(0, 10).high, 1 - 0.025 ** (1 / 10), 1e-15, "0/10 upper");
    expect(wilson(5, 20, { confidence: 0.9 }).high).toBeLessThan(wilson(5, 20).high);
  });
});

describe("chi-square test of independence against scipy", () => {
  const c = ref.chi2_independence;
  const got = chiSquareIndependence(c.table);
  it("statistic, dof, p-value, expected counts and Cramér's V", () => {
    expectRel(got.chi2, c.chi2, 1e-10, "chi2");
    expect(got.dof).toBe(c.dof);
    expectRel(got.pValue / c.p_value, 1, 1e-8, "p-value (relative)");
    c.expected.forEach((row: number[], i: number) =>
      expectAllClose(got.expected[i], row, 1e-10, `expected[${i}]`, "rel"),
    );
    expectRel(got.cramersV, c.cramers_v, 1e-10, "Cramér's V");
  });
  it("a table with an empty column is not testable (NaN), a ragged one throws", () => {
    const r = chiSquareIndependence([
      [5, 0],
      [7, 0],
    ]);
    expect(r.chi2).toBeNaN();
    expect(r.pValue).toBeNaN();
    expect(() => chiSquareIndependence([[1, 2], [3]])).toThrow(RangeError);
    expect(() => chiSquareIndependence([[1, 2]])).toThrow(RangeError);
  });
  it("2 × 2 hand case", () => {
    // [[10,20],[30,40]]: expected [[12,18],[28,42]], X² = 4/12 + 4/18 + 4/28 + 4/42.
    const r = chiSquareIndependence([
      [10, 20],
      [30, 40],
    ]);
    expectAbs(r.chi2, 4 / 12 + 4 / 18 + 4 / 28 + 4 / 42, 1e-14, "chi2");
    expectAbs(r.pValue, 2 * normalCdf(-Math.sqrt(r.chi2)), 1e-14, "p = 2Φ(−√X²) for 1 dof");
  });
});

describe("two-proportion z-test against statsmodels", () => {
  const t = ref.two_proportion_ztest;
  const [x1, n1, x2, n2] = [
    t.data.group1.successes,
    t.data.group1.trials,
    t.data.group2.successes,
    t.data.group2.trials,
  ];
  it("pooled", () => {
    const r = twoProportionZTest(x1, n1, x2, n2);
    expectRel(r.z, t.pooled.z, 1e-12, "z");
    expectRel(r.pValue, t.pooled.p_value, 1e-9, "p");
    expectRel(r.z * r.z, t.pooled.chi2_2x2, 1e-12, "z² = 2×2 chi-square");
    expectRel(
      chiSquareIndependence([
        [x1, n1 - x1],
        [x2, n2 - x2],
      ]).chi2,
      t.pooled.chi2_2x2,
      1e-12,
      "chi2 2x2",
    );
  });
  it("unpooled Wald with the interval of the difference", () => {
    const r = twoProportionZTest(x1, n1, x2, n2, { pooled: false });
    expectRel(r.z, t.unpooled_wald.z, 1e-12, "z");
    expectRel(r.pValue, t.unpooled_wald.p_value, 1e-9, "p");
    expectAbs(r.diff, t.unpooled_wald.diff, 1e-15, "diff");
    expectAbs(r.ci[0], t.unpooled_wald.diff_ci95_wald[0], 1e-12, "ci low");
    expectAbs(r.ci[1], t.unpooled_wald.diff_ci95_wald[1], 1e-12, "ci high");
  });
});

describe("special functions", () => {
  it("normal quantile and critical value to full precision", () => {
    expectAbs(normalCritical(0.95), 1.959963984540054, 5e-16, "z 0.975");
    expectAbs(normalQuantile(0.5), 0, 0, "median");
    expectRel(normalQuantile(1e-10), -6.361340902404056, 1e-15, "far tail");
    expectRel(normalQuantile(0.3), -0.5244005127080407, 1e-15, "central");
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalCritical(1)).toThrow(RangeError);
    expect(normalQuantile(1.5)).toBeNaN();
    expectRel(normalCdf(1.2), 0.8849303297782918, 1e-15, "Φ(1.2)");
    expectRel(normalCdf(-10) / 7.61985302416047e-24, 1, 1e-13, "Φ(−10) relative");
  });
  it("incomplete gamma and beta identities", () => {
    expectAbs(gammaP(1, 2), 1 - Math.exp(-2), 1e-15, "P(1,2)");
    expectAbs(gammaP(3.5, 2.2) + gammaQ(3.5, 2.2), 1, 1e-15, "P + Q");
    expectAbs(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-15, "chi2 0.95 critical");
    expectAbs(regularizedBeta(0.5, 2, 3), 0.6875, 1e-15, "I_0.5(2,3)");
    expectAbs(regularizedBeta(0.3, 1, 1), 0.3, 1e-15, "uniform");
    for (const [p, a, b] of [
      [0.025, 3, 5],
      [0.975, 0.5, 0.5],
      [1e-8, 2, 200],
      [0.5, 5e4, 5e4 + 1],
    ]) {
      expectAbs(regularizedBeta(inverseRegularizedBeta(p, a, b), a, b), p, 1e-13, `round trip ${p},${a},${b}`);
    }
  });
});
