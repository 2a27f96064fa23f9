import { describe, expect, it } from "vitest";
import {
  decileGains,
  patternTotals,
  probabilityAt,
  workspaceRubric,
  workspaceSummary,
  type WorkspaceData,
} from "../../../lib/report/tune/workspaceStats.ts";
import { auc, delong } from "../../../lib/metrics/index.ts";
import { toCsv } from "../../../lib/scorecard/index.ts";

// Two inputs: a (two levels, the model's own `other` level) and b (reference level 1, no `other`).
const data: WorkspaceData = {
  model_id: "m-test",
  validation: "out_of_time",
  scope: "held-out",
  leads_text: "held-out leads",
  weeks: 4,
  base: 100,
  attributes: [
    {
      name: "a",
      role: "fit.demographic",
      levels: [
        { level: "x", condition: { kind: "equals", values: ["x"] }, points: 10 },
        { level: "other", condition: { kind: "other" }, points: -5 },
      ],
      other_as: null,
    },
    {
      name: "b",
      role: "intent.behavioral",
      levels: [
        { level: "missing", condition: { kind: "missing" }, points: -3 },
        { level: "y", condition: { kind: "equals", values: ["y"] }, points: 0 },
      ],
      other_as: 1,
    },
  ],
  // Patterns (a, b, y): leads.
  patterns: {
    codes: [
      [0, 0, 1, 1, 1],
      [1, 1, 0, 1, 1],
    ],
    y: [1, 0, 0, 1, 0],
    leads: [6, 4, 10, 2, 8],
  },
  probability: [
    { points: 90, probability: 0.1 },
    { points: 110, probability: 0.5 },
  ],
  mql: 100,
  sql: 110,
  reach: 60,
  threshold_range: [30, 170],
};
const fitted = [
  [10, -5],
  [-3, 0],
];

describe("the workspace figures", () => {
  it("scores each pattern as base + its level's points on every input", () => {
    expect([...patternTotals(data.patterns, 100, fitted)]).toEqual([110, 110, 92, 95, 95]);
  });

  it("gives the AUC of lib/metrics over the leads one by one, and counts passing leads and conversions", () => {
    const s = workspaceSummary(data, 100, fitted, 100, 110);
    const y: number[] = [];
    const p: number[] = [];
    [110, 110, 92, 95, 95].forEach((t, i) => {
      for (let k = 0; k < data.patterns.leads[i]; k++) {
        y.push(data.patterns.y[i]);
        p.push(t);
      }
    });
    expect(s.auc).toBe(auc(y, p));
    const ci = delong(y, p);
    expect(s.auc_low).toBeCloseTo(ci.low, 12);
    expect(s.auc_high).toBeCloseTo(ci.high, 12);
    expect(s).toMatchObject({ leads: 30, conversions: 8 });
    expect(s.mql).toMatchObject({ leads: 10, conversions: 6, per_week: 2.5, pass_rate: 10 / 30, captured: 0.75 });
    // Expected conversions: 10 leads at 110 points, whose calibrated probability is 0.5.
    expect(s.mql.expected).toBeCloseTo(5, 12);
    expect(s.mql.low).toBeLessThan(0.6);
    expect(s.mql.high).toBeGreaterThan(0.6);
  });

  it("reads the calibrated table exactly, linearly between totals, and clamps beyond its ends", () => {
    expect(probabilityAt(data.probability, 110)).toBe(0.5);
    expect(probabilityAt(data.probability, 100)).toBeCloseTo(0.3, 12);
    expect(probabilityAt(data.probability, 40)).toBe(0.1);
    expect(probabilityAt(data.probability, 400)).toBe(0.5);
  });

  it("takes gains by decile with leads tied at an edge entering pro rata", () => {
    expect(decileGains([2, 1], [1, 0], [10, 10]).map((g) => +g.toFixed(12))).toEqual([
      0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1,
    ]);
  });

  it("exports the table with the scorecard's added `other` row at the points of the level it stands for", () => {
    expect(
      toCsv(
        workspaceRubric(data, 100, [
          [10, -5],
          [-3, 7],
        ]),
      ),
    ).toBe("attribute,condition,points\n(base),,100\na,in (x),10\na,other,-5\nb,missing,-3\nb,in (y),7\nb,other,7\n");
  });
});

describe("leads without creation dates (X Education)", () => {
  it("give no volume per week rather than a division by zero", () => {
    const s = workspaceSummary({ ...data, weeks: null }, 100, fitted, 100, 110);
    expect(s.mql.per_week).toBeNaN();
    expect(s.mql.leads).toBe(10);
  });
});
