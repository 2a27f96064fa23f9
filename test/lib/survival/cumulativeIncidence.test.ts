import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  cumulativeIncidenceFromCounts,
  incidenceAt,
  kaplanMeierFromCounts,
  type CompetingCountRow,
} from "../../../lib/survival/index.ts";

// statsmodels CumIncidenceRight on three generated samples (fixtures/make_cumulative_incidence.py).
const ref = JSON.parse(
  readFileSync(fileURLToPath(new URL("./fixtures/cumulative_incidence.json", import.meta.url)), "utf8"),
);

function counts(time: number[], status: number[]): CompetingCountRow[] {
  return time.map((t, i) => ({
    time: t,
    events: status[i] === 1 ? 1 : 0,
    competing: status[i] === 2 ? 1 : 0,
    censored: status[i] === 0 ? 1 : 0,
  }));
}

describe("cumulativeIncidenceFromCounts", () => {
  for (const [name, c] of Object.entries<any>(ref.cases)) {
    it(`equals statsmodels CumIncidenceRight (${name}): estimate and delta-method SE`, () => {
      const ci = cumulativeIncidenceFromCounts(counts(c.time, c.status));
      expect(ci.times).toEqual(c.times);
      ci.incidence.forEach((f, j) => expect(Math.abs(f - c.incidence[0][j])).toBeLessThan(1e-12));
      let compared = 0;
      ci.se.forEach((s, j) => {
        const want = c.se[0][j];
        // statsmodels gives NaN where the last leads at risk all exit; the term's limit there is 0.
        if (want === null) return expect(Number.isFinite(s)).toBe(true);
        compared++;
        expect(Math.abs(s - want)).toBeLessThanOrEqual(1e-10 * Math.max(1, want));
      });
      expect(compared).toBeGreaterThan(c.times.length / 2);
      // The competing cause's incidence follows from the same survival: F1 + F2 = 1 − S.
      const f2 = c.incidence[1];
      ci.survival.forEach((s, j) => expect(Math.abs(1 - s - ci.incidence[j]! - f2[j])).toBeLessThan(1e-12));
    });
  }

  it("gives the same estimate from counts per day as from one row per lead", () => {
    const c = ref.cases.ties;
    const byDay = new Map<number, CompetingCountRow & { events: number; competing: number; censored: number }>();
    for (const r of counts(c.time, c.status)) {
      const slot = byDay.get(Number(r.time)) ?? { time: r.time, events: 0, competing: 0, censored: 0 };
      slot.events += Number(r.events);
      slot.competing += Number(r.competing);
      slot.censored += Number(r.censored);
      byDay.set(Number(r.time), slot);
    }
    const a = cumulativeIncidenceFromCounts(counts(c.time, c.status));
    const b = cumulativeIncidenceFromCounts([...byDay.values()].reverse());
    expect(b.incidence).toEqual(a.incidence);
    expect(b.se).toEqual(a.se);
    expect(byDay.size).toBeLessThan(c.time.length / 2);
  });

  it("is 1 − Kaplan–Meier when nothing competes", () => {
    const c = ref.cases.heavy_censoring;
    const rows = counts(
      c.time,
      c.status.map((s: number) => (s === 2 ? 0 : s)),
    );
    const ci = cumulativeIncidenceFromCounts(rows);
    const km = kaplanMeierFromCounts(rows.map((r) => ({ time: r.time, events: r.events, censored: r.censored })));
    km.times.forEach((t, j) => {
      const i = ci.times.indexOf(t);
      expect(Math.abs(ci.incidence[i]! - (1 - km.survival[j]!))).toBeLessThan(1e-12);
      // With one cause the delta-method SE is Greenwood's.
      if (km.survival[j]! > 0) expect(Math.abs(ci.se[i]! - km.se[j]!)).toBeLessThan(1e-10);
    });
  });

  it("keeps a finite SE where the last leads at risk all exit (the delta-method terms worked by hand)", () => {
    const ci = cumulativeIncidenceFromCounts([
      { time: 1, events: 1, competing: 0, censored: 0 },
      { time: 2, events: 0, competing: 1, censored: 1 },
      { time: 3, events: 1, competing: 0, censored: 0 },
    ]);
    expect(ci.incidence).toEqual([0.25, 0.25, 0.75]);
    // Var F̂(3) = Σ[F̂(3) − F̂(t_j)]²a_j/(n_j(n_j−a_j)) + ΣŜ²d_j(n_j−d_j)/n_j³ − 2Σ[F̂(3) − F̂(t_j)]Ŝd_j/n_j²
    //          = (0.25/12 + 0.25/6 + 0) + (3/64 + 0 + 0) − 2·(0.5/16) = 0.046875, the j = 3 term's factor being 0.
    expect(ci.se[2]).toBeCloseTo(Math.sqrt(0.046875), 12);
    const at = incidenceAt(ci, 30);
    expect(at.rate).toBe(0.75);
    expect(at.se).toBeCloseTo(0.21650635094610965, 12);
    expect(at.n_effective).toBeCloseTo((0.75 * 0.25) / 0.21650635094610965 ** 2, 9);
  });

  it("rejects negative or non-finite counts", () => {
    expect(() => cumulativeIncidenceFromCounts([{ time: 1, events: -1, competing: 0, censored: 0 }])).toThrow(
      RangeError,
    );
    expect(() => cumulativeIncidenceFromCounts([{ time: Number.NaN, events: 1, competing: 0, censored: 0 }])).toThrow(
      RangeError,
    );
  });
});

describe("incidenceAt", () => {
  it("reads the estimate at the horizon with a Wilson interval on the effective sample size", () => {
    const c = ref.cases.ties;
    const ci = cumulativeIncidenceFromCounts(counts(c.time, c.status));
    const j = c.times.findLastIndex((t: number) => t <= 30);
    const at = incidenceAt(ci, 30);
    expect(at.rate).toBe(c.incidence[0][j]);
    expect(Math.abs(at.se! - c.se[0][j])).toBeLessThan(1e-10);
    const nEff = (at.rate! * (1 - at.rate!)) / at.se! ** 2;
    expect(at.n_effective).toBeCloseTo(nEff, 9);
    // Censoring costs information: fewer effective leads than leads.
    expect(at.n_effective!).toBeLessThan(c.time.length);
    const z = 1.959963984540054;
    const centre = (at.rate! + (z * z) / (2 * nEff)) / (1 + (z * z) / nEff);
    const half =
      (z / (1 + (z * z) / nEff)) * Math.sqrt((at.rate! * (1 - at.rate!)) / nEff + (z * z) / (4 * nEff * nEff));
    expect(at.ci_low).toBeCloseTo(centre - half, 12);
    expect(at.ci_high).toBeCloseTo(centre + half, 12);
  });

  it("equals the plain proportion and Wilson interval when nothing is censored", () => {
    const rows = [
      { time: 2, events: 3, competing: 1, censored: 0 },
      { time: 5, events: 2, competing: 4, censored: 0 },
      { time: 40, events: 1, competing: 9, censored: 0 },
    ];
    const at = incidenceAt(cumulativeIncidenceFromCounts(rows), 10);
    expect(at.rate).toBeCloseTo(5 / 20, 14);
    expect(at.n_effective).toBeCloseTo(20, 9);
  });

  it("has no estimate when the follow-up ends before the horizon with leads still open", () => {
    const ci = cumulativeIncidenceFromCounts([
      { time: 3, events: 1, competing: 0, censored: 0 },
      { time: 10, events: 0, competing: 0, censored: 5 },
    ]);
    expect(incidenceAt(ci, 30)).toMatchObject({
      rate: null,
      note: expect.stringMatching(/day 10.*30-day horizon.*5 leads still open/),
    });
    // Everyone decided early: the horizon beyond the data is still known.
    const done = cumulativeIncidenceFromCounts([{ time: 3, events: 1, competing: 2, censored: 0 }]);
    const known = incidenceAt(done, 30);
    expect(known.rate).toBe(1 / 3);
    expect(known.n_effective).toBeCloseTo(3, 9);
    // No event by the horizon: 0 with an interval over the leads whose status is known.
    const none = incidenceAt(
      cumulativeIncidenceFromCounts([
        { time: 50, events: 4, competing: 0, censored: 6 },
        { time: 1, events: 0, competing: 2, censored: 0 },
      ]),
      30,
    );
    expect(none.rate).toBe(0);
    expect(none.n_effective).toBe(12);
    expect(none.ci_high!).toBeGreaterThan(0.1);
  });
});
