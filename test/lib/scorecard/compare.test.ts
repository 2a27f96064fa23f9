import { describe, it, expect } from "vitest";
import {
  pairedDelong,
  topShares,
  atThreshold,
  thresholdForVolume,
  compareRubric,
} from "../../../lib/scorecard/index.ts";
import { delong, gainsTable } from "../../../lib/metrics/index.ts";

/** O(m·n) DeLong placements on expanded rows: the definition, independent of the block algorithm. */
function bruteForce(y: number[], a: number[], b: number[]) {
  const pos = y.map((v, i) => (v === 1 ? i : -1)).filter((i) => i >= 0);
  const neg = y.map((v, i) => (v === 0 ? i : -1)).filter((i) => i >= 0);
  const psi = (x: number, z: number) => (x > z ? 1 : x === z ? 0.5 : 0);
  const v10 = (s: number[]) => pos.map((i) => neg.reduce((t, j) => t + psi(s[i], s[j]), 0) / neg.length);
  const v01 = (s: number[]) => neg.map((j) => pos.reduce((t, i) => t + psi(s[i], s[j]), 0) / pos.length);
  const mean = (x: number[]) => x.reduce((t, v) => t + v, 0) / x.length;
  const cov = (x: number[], z: number[]) => {
    const mx = mean(x),
      mz = mean(z);
    return x.reduce((t, v, i) => t + (v - mx) * (z[i] - mz), 0) / (x.length - 1);
  };
  const [a10, b10, a01, b01] = [v10(a), v10(b), v01(a), v01(b)];
  const m = pos.length,
    n = neg.length;
  const varD =
    (cov(a10, a10) + cov(b10, b10) - 2 * cov(a10, b10)) / m + (cov(a01, a01) + cov(b01, b01) - 2 * cov(a01, b01)) / n;
  return { aucA: mean(a10), aucB: mean(b10), varD };
}

function sample(n: number, seed: number) {
  let s = seed;
  const rand = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  const y: number[] = [],
    a: number[] = [],
    b: number[] = [],
    w: number[] = [];
  for (let i = 0; i < n; i++) {
    const yi = rand() < 0.35 ? 1 : 0;
    y.push(yi);
    a.push(Math.round(rand() * 5 + yi * 2)); // many ties, like integer points
    b.push(Math.round(rand() * 8 + yi * 4));
    w.push(1 + Math.floor(rand() * 3));
  }
  return { y, a, b, w };
}

describe("pairedDelong", () => {
  it("matches the O(m·n) definition on expanded rows, with weights", () => {
    const { y, a, b, w } = sample(120, 11);
    const d = pairedDelong(y, a, b, w);
    const ey: number[] = [],
      ea: number[] = [],
      eb: number[] = [];
    y.forEach((v, i) => {
      for (let k = 0; k < w[i]; k++) {
        ey.push(v);
        ea.push(a[i]);
        eb.push(b[i]);
      }
    });
    const ref = bruteForce(ey, ea, eb);
    expect(d.a.auc).toBeCloseTo(ref.aucA, 12);
    expect(d.b.auc).toBeCloseTo(ref.aucB, 12);
    expect(d.se ** 2).toBeCloseTo(ref.varD, 12);
    // Each AUC's own interval is lib/metrics' DeLong.
    const one = delong(y, b, { weights: w });
    expect(d.b.se).toBeCloseTo(one.se, 12);
    expect(d.b.low).toBeCloseTo(one.low, 12);
  });

  it("gives a zero difference for the same score and a small p-value for a clearly better one", () => {
    const { y, a } = sample(300, 5);
    const same = pairedDelong(y, a, a);
    expect(same.difference).toBe(0);
    expect(same.se).toBe(0);
    expect(same.p_value).toBe(1);
    const better = pairedDelong(
      y,
      a,
      y.map((v, i) => v * 10 + a[i]),
    );
    expect(better.difference).toBeGreaterThan(0);
    expect(better.p_value).toBeLessThan(1e-6);
  });
});

describe("topShares", () => {
  it("agrees with lib/metrics gainsTable (fractional ties) on expanded rows", () => {
    const { y, a, w } = sample(200, 3);
    const ey: number[] = [],
      ea: number[] = [];
    y.forEach((v, i) => {
      for (let k = 0; k < w[i]; k++) {
        ey.push(v);
        ea.push(a[i]);
      }
    });
    const mine = topShares({ score: a, y, weight: w }, [0.1, 0.2, 0.3]);
    const table = gainsTable(ey, ea, { groups: 10, ties: "fractional" });
    const total = ey.reduce((t, v) => t + v, 0);
    for (let k = 0; k < 3; k++) {
      const cum = table[k].cum_positives;
      expect(mine[k].converted).toBeCloseTo(cum, 9);
      expect(mine[k].capture).toBeCloseTo(cum / total, 9);
    }
  });

  it("splits a tied block pro rata (hand-checked)", () => {
    expect(topShares({ score: [3, 2, 2, 1], y: [1, 1, 0, 0], weight: [1, 1, 1, 1] }, [0.25, 0.5])).toEqual([
      { share: 0.25, leads: 1, converted: 1, capture: 0.5, lift: 2 },
      { share: 0.5, leads: 2, converted: 1.5, capture: 0.75, lift: 1.5 },
    ]);
    const rows = { score: [30, 20, 20, 10], y: [1, 1, 0, 0], weight: [5, 10, 10, 20] };
    expect(atThreshold(rows, 20)).toEqual({ leads: 25, converted: 15 });
    expect(thresholdForVolume(rows, 24)).toBe(20);
    expect(thresholdForVolume(rows, 6)).toBe(30);
  });
});

describe("compareRubric", () => {
  it("reports both AUCs, the paired difference, gains and MQLs at matched volume", () => {
    const { y, a, b, w } = sample(400, 17);
    const f = (x: number[]) => Float64Array.from(x);
    const c = compareRubric(
      {
        validation: "kfold",
        held_out: "test",
        y: f(y),
        rubric: f(a),
        model: f(b),
        fit: f(a),
        intent: f(b),
        weight: f(w),
        notes: [],
      },
      { rubricMql: 5 },
    );
    expect(c.leads).toBe(w.reduce((t, v) => t + v, 0));
    expect(c.auc.difference.value).toBeCloseTo(c.auc.model.auc - c.auc.rubric.auc, 12);
    expect(c.auc.model.auc).toBeGreaterThan(c.auc.rubric.auc);
    expect(c.gains.map((g) => g.share)).toEqual([0.1, 0.2, 0.3]);
    expect(c.mql!.rubric.threshold).toBe(5);
    expect(Math.abs(c.mql!.model.leads - c.mql!.rubric.leads)).toBeLessThan(c.leads * 0.1);
    expect(c.mql!.rubric.low).toBeLessThan(c.mql!.rubric.rate);
  });
});
