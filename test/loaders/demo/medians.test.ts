import { describe, expect, it } from "vitest";
import { improperMedian, lognormalCdf, pooledImproperMedian, leadsPerMonth } from "../../../loaders/demo/index.ts";

describe("true Kaplan–Meier medians", () => {
  const t = { median_days: 10, sigma: 1 };
  it("is the lognormal median when everyone moves on, and none when half or fewer do", () => {
    expect(improperMedian(1, t)).toBeCloseTo(10, 6);
    expect(improperMedian(0.5, t)).toBeNull();
    expect(improperMedian(0.3, t)).toBeNull();
  });
  it("solves p_move · F(t) = 0.5", () => {
    const m = improperMedian(0.7, t)!;
    expect(m).toBeCloseTo(17.61, 1); // 10 · exp(Φ⁻¹(0.5 / 0.7)) = 10 · e^0.5659
    expect(0.7 * lognormalCdf(m, t)).toBeCloseTo(0.5, 6);
  });
  it("pools channels into one mixture median", () => {
    expect(pooledImproperMedian([{ share: 1, p_move: 0.7, timing: t }])).toBeCloseTo(improperMedian(0.7, t)!, 4);
    const two = pooledImproperMedian([
      { share: 0.5, p_move: 0.8, timing: { median_days: 5, sigma: 0.8 } },
      { share: 0.5, p_move: 0.6, timing: { median_days: 20, sigma: 1 } },
    ])!;
    const at =
      0.5 * 0.8 * lognormalCdf(two, { median_days: 5, sigma: 0.8 }) +
      0.5 * 0.6 * lognormalCdf(two, { median_days: 20, sigma: 1 });
    expect(at).toBeCloseTo(0.5, 6);
    expect(pooledImproperMedian([{ share: 1, p_move: 0.4, timing: t }])).toBeNull();
  });
  it("splits leads over months with growth, summing exactly", () => {
    const n = leadsPerMonth(50_000, 24);
    expect(n.reduce((a, b) => a + b, 0)).toBe(50_000);
    expect(n[23]).toBeGreaterThan(n[0] * 1.9); // 1.03^23 ≈ 1.97
  });
});
