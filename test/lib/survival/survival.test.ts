import { describe, it, expect } from "vitest";
import {
  kaplanMeier,
  kaplanMeierFromCounts,
  survivalAt,
  kmQuantile,
  kmQuantileCI,
  rmst,
  type QuantileCIMethod,
} from "../../../lib/survival/index.ts";
import { readReference, readCsv, expectAbs, expectRel, expectAllClose } from "../stats/reference.ts";

const ref = readReference("survival/survival.json");
const data = readCsv("survival/durations.csv");
const km = kaplanMeier(data.duration, data.event);

describe("Kaplan–Meier against statsmodels SurvfuncRight", () => {
  it("event-time table: times, at risk, events exactly; Ŝ abs 1e-12; Greenwood SE rel 1e-10", () => {
    const e = ref.km.event_times;
    expect(km.times).toEqual(e.time);
    expect(km.nRisk).toEqual(e.n_risk);
    expect(km.nEvents).toEqual(e.n_events);
    expectAllClose(km.survival, e.surv, 1e-12, "surv");
    expectAllClose(km.se, e.se_greenwood, 1e-10, "se", "rel");
    expect(km.n).toBe(ref.meta.n);
    expect(km.nEvents.reduce((s, d) => s + d, 0)).toBe(ref.meta.n_events);
  });
  it("every distinct observed time, censoring-only times included", () => {
    const a = ref.km.all_distinct_times;
    expect(km.all.times).toEqual(a.time);
    expect(km.all.nRisk).toEqual(a.n_risk);
    expect(km.all.nEvents).toEqual(a.n_events);
    expect(km.all.nCensored).toEqual(a.n_censored);
    expectAllClose(km.all.survival, a.surv, 1e-12, "surv");
    a.time.forEach((t: number, i: number) => expectAbs(survivalAt(km, t), a.surv[i], 1e-12, `survivalAt(${t})`));
  });
  it("event-table censor counts cover the interval up to the next event time", () => {
    for (let j = 0; j + 1 < km.times.length; j++)
      expect(km.nRisk[j + 1]).toBe(km.nRisk[j] - km.nEvents[j] - km.nCensored[j]);
    expect(km.censoredBeforeFirstEvent + km.nCensored.reduce((s, c) => s + c, 0)).toBe(ref.meta.n - ref.meta.n_events);
  });
  it("median and quartiles exactly (strict S < 1 − q)", () => {
    expect(kmQuantile(km, 0.5)).toBe(ref.median.value);
    expect(kmQuantile(km, 0.25)).toBe(ref.median.q25);
    expect(kmQuantile(km, 0.75)).toBe(ref.median.q75);
    expect(kmQuantile(km, 0.99)).toBeNull(); // Ŝ never gets that low: the last time is censored
  });
  it("median 95% CI by Brookmeyer–Crowley for all five scales", () => {
    for (const m of ["cloglog", "linear", "log", "logit", "asinsqrt"] as QuantileCIMethod[]) {
      expect(kmQuantileCI(km, 0.5, { method: m }), m).toEqual(ref.median.ci95[m]);
    }
    expect(kmQuantileCI(km, 0.5)).toEqual([67, 73]);
  });
  it("RMST at τ = 90 with its variance", () => {
    const r = rmst(km, ref.rmst.tau);
    expectAbs(r.rmst, ref.rmst.value, 1e-9, "rmst");
    expectRel(r.variance / ref.rmst.var, 1, 1e-9, "var (relative)");
    expectRel(r.se / ref.rmst.se, 1, 1e-9, "se (relative)");
  });
  it("aggregated counts (as DuckDB GROUP BY returns them, unsorted, repeated, BIGINT) give the same estimate", () => {
    const groups = new Map<number, { time: number; events: number; censored: number }>();
    data.duration.forEach((t: number, i: number) => {
      const g = groups.get(t) ?? { time: t, events: 0, censored: 0 };
      if (data.event[i] === 1) g.events++;
      else g.censored++;
      groups.set(t, g);
    });
    const rows = [...groups.values()].reverse().flatMap((g) => [
      { time: BigInt(g.time), events: BigInt(g.events), censored: 0n },
      { time: g.time, events: 0, censored: g.censored },
    ]);
    const agg = kaplanMeierFromCounts(rows);
    expect(agg.times).toEqual(km.times);
    expect(agg.survival).toEqual(km.survival);
    expect(agg.se).toEqual(km.se);
  });
  it("typed arrays are accepted", () => {
    const typed = kaplanMeier(Float64Array.from(data.duration), Int8Array.from(data.event));
    expect(typed.survival).toEqual(km.survival);
  });
  it("frequency weights equal repeated leads", () => {
    const w = [2, 1, 3, 1, 2];
    const t = [5, 3, 5, 8, 2];
    const e = [1, 0, 0, 1, 1];
    const expanded = kaplanMeier(
      t.flatMap((x, i) => Array(w[i]).fill(x)),
      e.flatMap((x, i) => Array(w[i]).fill(x)),
    );
    const weighted = kaplanMeier(t, e, { weights: w });
    expect(weighted.survival).toEqual(expanded.survival);
    expect(weighted.se).toEqual(expanded.se);
    expect(weighted.nRisk).toEqual(expanded.nRisk);
  });
});

describe("Kaplan–Meier small cases", () => {
  const small = kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]);
  it("hand-computed product limit and Greenwood", () => {
    // At 2 the lead censored at 2 is still at risk: n = 3, Ŝ = 0.75·(2/3) = 0.5.
    expect(small.survival).toEqual([0.75, 0.5, 0]);
    expect(small.nRisk).toEqual([4, 3, 1]);
    expectAbs(small.se[1], 0.5 * Math.sqrt(1 / 12 + 1 / 6), 1e-15, "se at 2");
    expect(small.se[2]).toBe(0);
    expect(kmQuantile(small, 0.5)).toBe(3); // Ŝ(2) = 0.5 is not < 0.5
    expect(survivalAt(small, 0)).toBe(1);
    expect(survivalAt(small, 2.9)).toBe(0.5);
    expect(survivalAt(small, 100)).toBe(0); // Ŝ reached 0: known beyond follow-up
  });
  it("RMST by hand: 1 + 0.75 + 0.5·0.5", () => {
    const r = rmst(small, 2.5);
    expectAbs(r.rmst, 2, 1e-15, "rmst");
    expectAbs(r.variance, 1 / 12 + (0.25 * 0.25) / 6, 1e-15, "variance");
    expect(rmst(small, 0.5).rmst).toBe(0.5);
  });
  it("after the end of follow-up the curve is unknown unless asked to carry forward", () => {
    const open = kaplanMeier([1, 2, 4], [1, 0, 0]);
    expect(survivalAt(open, 3)).toBeCloseTo(2 / 3, 15);
    expect(survivalAt(open, 10)).toBeNaN();
    expect(survivalAt(open, 10, { beyond: "last" })).toBeCloseTo(2 / 3, 15);
    expect(rmst(open, 10).rmst).toBeNaN();
    expect(kmQuantile(open, 0.5)).toBeNull();
    expect(kmQuantileCI(open, 0.5)[1]).toBe(Infinity);
  });
  it("no leads, no events, bad input", () => {
    const empty = kaplanMeier([], []);
    expect(empty.times).toEqual([]);
    expect(survivalAt(empty, 1)).toBeNaN();
    expect(kmQuantileCI(empty, 0.5)).toEqual([null, null]);
    expect(rmst(empty, 5).rmst).toBeNaN();
    const none = kaplanMeier([3, 4], [0, 0]);
    expect(none.times).toEqual([]);
    expect(none.censoredBeforeFirstEvent).toBe(2);
    expect(survivalAt(none, 2)).toBe(1);
    expect(() => kaplanMeier([1, -2], [1, 1])).toThrow(RangeError);
    expect(() => kaplanMeier([1, 2], [1])).toThrow(RangeError);
    expect(() => kaplanMeier([1], [2])).toThrow(RangeError);
  });
});
