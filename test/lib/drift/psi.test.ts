import { describe, it, expect } from "vitest";
import { psi, psiEdges, psiCategorical, psiFromCounts, psiReading } from "../../../lib/drift/index.ts";
import { readReference, readCsv, expectAbs, expectAllClose } from "../stats/reference.ts";

const ref = readReference("psi/psi.json");
const long = readCsv("psi/scores.csv") as { sample: string[]; score: number[] };
const sample = (name: string) => long.score.filter((_, i) => long.sample[i] === name);
const expected = sample("expected");

describe("PSI against the reference (own numpy computation)", () => {
  it("bin edges are numpy linear quantiles of the expected sample", () => {
    expectAllClose(psiEdges(expected), ref.bin_edges.values, 1e-15, "edges");
  });
  for (const [key, name] of [
    ["expected_vs_actual", "actual"],
    ["expected_vs_actual_empty_bin", "actual_empty_bin"],
    ["expected_vs_expected", "expected"],
  ]) {
    it(`${key}: counts exact, proportions / terms / total abs 1e-12`, () => {
      const r = ref.results[key];
      const got = psi(expected, sample(name), { eps: ref.eps });
      expect(got.bins.map((b) => b.expected_count)).toEqual(r.expected_counts);
      expect(got.bins.map((b) => b.actual_count)).toEqual(r.actual_counts);
      expectAllClose(
        got.bins.map((b) => b.expected_prop),
        r.expected_props,
        1e-12,
        "e props",
      );
      expectAllClose(
        got.bins.map((b) => b.actual_prop),
        r.actual_props,
        1e-12,
        "a props",
      );
      expectAllClose(
        got.bins.map((b) => b.term),
        r.terms,
        1e-12,
        "terms",
      );
      expectAbs(got.psi, r.psi, 1e-12, "psi");
    });
  }
  it("bins are open at both ends and carry the edges", () => {
    const got = psi(expected, sample("actual"));
    expect(got.bins[0].low).toBe(-Infinity);
    expect(got.bins[9].high).toBe(Infinity);
    expect(got.bins[3].low).toBe(ref.bin_edges.values[2]);
    expect(got.reading).toBe("moderate shift");
    expect(psi(expected, sample("actual_empty_bin")).reading).toBe("significant shift");
  });
});

describe("PSI small cases", () => {
  it("a value on an edge goes to the lower bin; eps only replaces zero proportions", () => {
    const r = psi([1, 2, 3, 4], [2, 2, 3, 4], { edges: [2, 3] });
    expect(r.bins.map((b) => b.expected_count)).toEqual([2, 1, 1]);
    expect(r.bins.map((b) => b.actual_count)).toEqual([2, 1, 1]);
    expect(r.psi).toBe(0);
    const z = psiFromCounts([1, 1], [2, 0], { eps: 0.01 });
    expectAbs(z.psi, (1 - 0.5) * Math.log(1 / 0.5) + (0.01 - 0.5) * Math.log(0.01 / 0.5), 1e-15, "eps");
  });
  it("hand value and symmetry of the formula", () => {
    expectAbs(psiFromCounts([50, 50], [40, 60]).psi, -0.1 * Math.log(0.8) + 0.1 * Math.log(1.2), 1e-15, "psi");
    expectAbs(psiFromCounts([40, 60], [50, 50]).psi, psiFromCounts([50, 50], [40, 60]).psi, 1e-15, "symmetric");
  });
  it("categorical: union of levels, new levels use eps", () => {
    const r = psiCategorical({ web: 60, event: 40 }, { web: 30, event: 50, partner: 20 });
    expect(r.bins.map((b) => b.category)).toEqual(["web", "event", "partner"]);
    expect(r.bins[2].expected_prop).toBe(0);
    expectAbs(r.bins[2].term, (0.2 - 1e-4) * Math.log(0.2 / 1e-4), 1e-15, "new level");
    expectAbs(
      r.psi,
      r.bins.reduce((s, b) => s + b.term, 0),
      1e-15,
      "sum",
    );
  });
  it("readings and bad input", () => {
    expect([psiReading(0.05), psiReading(0.1), psiReading(0.3)]).toEqual([
      "stable",
      "moderate shift",
      "significant shift",
    ]);
    expect(psiFromCounts([0, 0], [1, 1]).psi).toBeNaN();
    expect(() => psiFromCounts([1], [1, 2])).toThrow(RangeError);
    expect(() => psiEdges([], 10)).toThrow(RangeError);
    expect(() => psi([1, 2], [1], { edges: [2, 1] })).toThrow(RangeError);
    expect(psiEdges([1, 2, 3, 4, 5], 4)).toEqual([2, 3, 4]);
  });
});
