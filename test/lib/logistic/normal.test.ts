import { describe, it, expect } from "vitest";
import { erfc, twoSidedNormalP } from "../../../lib/logistic/index.ts";

describe("erfc and normal p-values", () => {
  it("matches scipy.special.erfc to ~1e-13 relative, far tails included", () => {
    // Values from scipy 1.17 (erfc).
    const cases: Array<[number, number]> = [
      [0, 1],
      [1, 0.15729920705028516],
      [2, 0.004677734981047266],
      [1.999999, 0.004677755648073952],
      [3, 2.2090496998585445e-5],
      [-1, 1.8427007929497148],
    ];
    for (const [x, want] of cases) expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-12);
  });
  it("gives the 5% two-sided point and p-values below 1e-90", () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(Math.abs(twoSidedNormalP(20.718979123437023) / 2.3358556911182365e-95 - 1)).toBeLessThan(1e-10);
    expect(twoSidedNormalP(40)).toBe(0);
  });
});
