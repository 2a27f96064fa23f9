import { describe, it, expect } from "vitest";
import {
  categoricalLevels,
  binConditions,
  monotoneEdges,
  numericLevels,
  informationValue,
} from "../../../lib/features/index.ts";
import { formatCondition } from "../../../lib/scorecard/index.ts";

describe("categorical levels", () => {
  const counts = [
    { value: "email", leads: 80, conversions: 8 },
    { value: "fax", leads: 2, conversions: 0 },
    { value: "search", leads: 120, conversions: 30 },
    { value: null, leads: 18, conversions: 1 },
  ];
  it("keeps missing as a level, pools rare values into other, references the most common", () => {
    const { levels, reference } = categoricalLevels(counts, { minCount: 5, minShare: 0 });
    expect(levels.map((l) => l.level)).toEqual(["search", "email", "missing", "other"]);
    expect(levels[3]).toMatchObject({ leads: 2, conversions: 0, condition: { kind: "other" } });
    expect(levels[2].condition).toEqual({ kind: "missing" });
    expect(reference).toBe(0);
  });
  it("pools by share as well as by count, and always has an other level", () => {
    const { levels } = categoricalLevels(counts, { minCount: 1, minShare: 0.4 });
    expect(levels.map((l) => l.level)).toEqual(["search", "missing", "other"]);
    expect(levels[2].leads).toBe(82);
    const none = categoricalLevels([{ value: "a", leads: 10, conversions: 1 }], { minCount: 1, minShare: 0 });
    expect(none.levels.map((l) => [l.level, l.leads])).toEqual([
      ["a", 10],
      ["other", 0],
    ]);
  });
});

describe("numeric bins", () => {
  it("are right-closed intervals that read as conditions", () => {
    expect(binConditions([10, 20]).map(formatCondition)).toEqual(["≤ 10", "(10, 20]", "> 20"]);
  });
  it("merge adjacent bins until the rate is monotone", () => {
    const bins = [
      { upper: 1, leads: 100, conversions: 10 },
      { upper: 2, leads: 100, conversions: 5 },
      { upper: 3, leads: 100, conversions: 30 },
      { leads: 100, conversions: 40 },
    ];
    expect(monotoneEdges(bins, 10)).toEqual([2, 3]);
    // Decreasing data merge the other way.
    const down = bins.map((b) => ({ ...b, conversions: 50 - b.conversions }));
    expect(monotoneEdges(down, 10)).toEqual([2, 3]);
  });
  it("merge bins with too few leads into a neighbour", () => {
    const bins = [
      { upper: 1, leads: 100, conversions: 10 },
      { upper: 2, leads: 3, conversions: 1 },
      { leads: 100, conversions: 40 },
    ];
    expect(monotoneEdges(bins, 10)).toEqual([2]);
  });
  it("add a missing level and reference the most common bin", () => {
    const { levels, reference } = numericLevels(
      [5],
      [
        { leads: 10, conversions: 1 },
        { leads: 30, conversions: 9 },
      ],
      { leads: 4, conversions: 0 },
    );
    expect(levels.map((l) => l.level)).toEqual(["≤ 5", "> 5", "missing"]);
    expect(reference).toBe(1);
  });
});

describe("information value", () => {
  it("is zero for an attribute that does not separate and grows with separation", () => {
    expect(
      informationValue([
        { leads: 100, conversions: 10 },
        { leads: 200, conversions: 20 },
      ]),
    ).toBeLessThan(1e-3);
    const iv = informationValue([
      { leads: 100, conversions: 50 },
      { leads: 100, conversions: 10 },
    ]);
    // Hand computation with +0.5 smoothing: e = (50.5/61, 10.5/61), n = (50.5/141, 90.5/141).
    const e = [50.5 / 61, 10.5 / 61];
    const n = [50.5 / 141, 90.5 / 141];
    expect(iv).toBeCloseTo((e[0] - n[0]) * Math.log(e[0] / n[0]) + (e[1] - n[1]) * Math.log(e[1] / n[1]), 12);
    expect(iv).toBeGreaterThan(0.5);
  });
});
