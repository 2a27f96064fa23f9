import { describe, expect, it } from "vitest";
import { tuneSummary, tuneGains, patternPoints } from "../../../lib/report/tune/summary.ts";
import { sliderReach } from "../../../lib/report/data/tune.ts";
import { auc } from "../../../lib/metrics/index.ts";

describe("tuneSummary", () => {
  const patterns = [
    { codes: [0, 0], leads: 40, conversions: 20 },
    { codes: [0, 1], leads: 30, conversions: 9 },
    { codes: [1, 0], leads: 50, conversions: 10 },
    { codes: [1, 1], leads: 80, conversions: 4 },
  ];

  it("scores each pattern as base + its levels' points", () => {
    expect(
      patternPoints(patterns, 100, [
        [10, -5],
        [3, 0],
      ]),
    ).toEqual([113, 110, 98, 95]);
  });

  it("adds the untuned attributes' fitted points (rest), as the downloaded table scores the leads", () => {
    const withRest = patterns.map((p, i) => ({ ...p, rest: [0, -7, 12, 3][i] }));
    expect(
      patternPoints(withRest, 100, [
        [10, -5],
        [3, 0],
      ]),
    ).toEqual([113, 103, 110, 98]);
    // A threshold of 105 passes the first and third patterns only once rest counts (90 leads, not 70).
    expect(
      tuneSummary(
        withRest,
        100,
        [
          [10, -5],
          [3, 0],
        ],
        105,
      ).mql_leads,
    ).toBe(90);
    expect(
      tuneSummary(
        patterns,
        100,
        [
          [10, -5],
          [3, 0],
        ],
        105,
      ).mql_leads,
    ).toBe(70);
  });

  it("sizes the sliders from the fitted points: a fitted −63 fits, ±60 at least", () => {
    expect(sliderReach([{ levels: [{ points: -63 }, { points: 25 }] }])).toBe(100);
    expect(sliderReach([{ levels: [{ points: 4 }] }, { levels: [{ points: -12 }] }])).toBe(60);
    expect(sliderReach([])).toBe(60);
  });

  it("equals lib/metrics auc on the expanded leads, and counts MQLs above the threshold", () => {
    const s = tuneSummary(
      patterns,
      100,
      [
        [10, -5],
        [3, 0],
      ],
      110,
    );
    const y: number[] = [];
    const p: number[] = [];
    const score = [113, 110, 98, 95];
    patterns.forEach((pat, i) => {
      for (let j = 0; j < pat.leads; j++) {
        y.push(j < pat.conversions ? 1 : 0);
        p.push(score[i]);
      }
    });
    expect(s.auc).toBeCloseTo(auc(y, p), 12);
    expect(s.mql_leads).toBe(70);
    expect(s.mql_conversions).toBe(29);
    expect(s.lift).toBeCloseTo(29 / 70 / (43 / 200), 12);
    expect(s.captured).toBeCloseTo(29 / 43, 12);
  });

  it("gains: ties enter together, the curve ends at (1, 1)", () => {
    const g = tuneGains(patterns, 0, [
      [0, 0],
      [5, 0],
    ]);
    // codes [*,0] score 5 (90 leads, 30 conv), codes [*,1] score 0 (110 leads, 13 conv)
    expect(g).toEqual([
      { share_leads: 0, share_converters: 0 },
      { share_leads: 90 / 200, share_converters: 30 / 43 },
      { share_leads: 1, share_converters: 1 },
    ]);
  });

  it("changes the AUC when points change the order", () => {
    const a = tuneSummary(
      patterns,
      0,
      [
        [10, -5],
        [3, 0],
      ],
      0,
    ).auc;
    const b = tuneSummary(
      patterns,
      0,
      [
        [-10, 5],
        [3, 0],
      ],
      0,
    ).auc;
    expect(a).not.toBe(b);
    expect(a + b).toBeGreaterThan(0.9);
  });
});
