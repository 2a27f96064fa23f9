import { describe, it, expect } from "vitest";
import { describeRateBasis, horizonFromWins, rateOnBasis, type LeadTimeCount } from "../../../lib/rates/index.ts";
import { wilson } from "../../../lib/stats/index.ts";

const rows: LeadTimeCount[] = [
  { status: "won", days: 10, young: false, n: 30 },
  { status: "won", days: 200, young: false, n: 10 },
  { status: "exit", days: 20, young: false, n: 40 },
  { status: "open", days: 400, young: false, n: 5 },
  { status: "open", days: 15, young: true, n: 15 },
];

describe("rateOnBasis", () => {
  it("decided: won out of won + lost + disqualified, open left out", () => {
    const r = rateOnBasis(rows, { kind: "decided" });
    const w = wilson(40, 80);
    expect(r).toMatchObject({
      n: 80,
      converted: 40,
      open: 20,
      excluded: 20,
      rate: w.rate,
      ci_low: w.low,
      ci_high: w.high,
      n_effective: 80,
    });
  });

  it("matured: leads past the window, open ones among them not won", () => {
    expect(rateOnBasis(rows, { kind: "matured", days: 180 })).toMatchObject({
      n: 85,
      converted: 40,
      excluded: 15,
      rate: 40 / 85,
    });
  });

  it("all: every lead", () => {
    expect(rateOnBasis(rows, { kind: "all" })).toMatchObject({ n: 100, converted: 40, rate: 0.4 });
  });

  it("within: Aalen–Johansen at the horizon, computed by hand", () => {
    // Day 10: 100 at risk, 30 won → F = 0.3, S = 0.7. Day 15: 15 censored. Day 20: 55 at risk, 40 exits → S = 0.7·15/55.
    // Day 200: 15 at risk, 10 won → F = 0.3 + 0.7·(15/55)·(10/15).
    expect(rateOnBasis(rows, { kind: "within", days: 30 })).toMatchObject({ n: 100, converted: 30, rate: 0.3 });
    const late = rateOnBasis(rows, { kind: "within", days: 365 });
    expect(late.rate).toBeCloseTo(0.3 + 0.7 * (15 / 55) * (10 / 15), 14);
    expect(late.converted).toBe(40);
    expect(late.n_effective!).toBeLessThan(100);
    // Beyond every lead's follow-up with leads open: no estimate, and why.
    expect(rateOnBasis(rows, { kind: "within", days: 500 })).toMatchObject({
      rate: null,
      note: expect.stringMatching(/day 400/),
    });
  });

  it("within: undated leads are counted as excluded, not as failures", () => {
    const r = rateOnBasis(
      [...rows, { status: "won", days: null, young: false, n: 7 }, { status: "open", days: null, young: false, n: 3 }],
      { kind: "within", days: 30 },
    );
    expect(r).toMatchObject({ n: 100, converted: 30, rate: 0.3, excluded: 10, open: 23 });
  });

  it("says what each basis is over", () => {
    expect(describeRateBasis({ kind: "decided" })).toMatch(/open leads left out/);
    expect(describeRateBasis({ kind: "within", days: 90 })).toMatch(/within 90 days.*censored.*competing/);
    expect(describeRateBasis({ kind: "matured", days: 180 })).toMatch(/at least 180 days before as_of/);
    expect(describeRateBasis({ kind: "all" })).toMatch(/open leads count as not won/);
  });
});

describe("horizonFromWins", () => {
  it("is the day 90% of wins had happened, rounded up to a week, or a 30-day month past 13 weeks", () => {
    expect(
      horizonFromWins([
        { days: 3, n: 50 },
        { days: 20, n: 40 },
        { days: 100, n: 10 },
      ]),
    ).toBe(21);
    expect(horizonFromWins([{ days: 0, n: 10 }])).toBe(7);
    expect(
      horizonFromWins([
        { days: 95, n: 9 },
        { days: 400, n: 1 },
      ]),
    ).toBe(120);
    expect(
      horizonFromWins([
        { days: 5, n: 1 },
        { days: 400, n: 9 },
      ]),
    ).toBe(420);
    expect(horizonFromWins([])).toBeNull();
  });
});
