import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openStore, exec, type Store } from "../../../lib/store/index.ts";
import { survivalCounts, summarizeVelocity } from "../../../lib/funnel/index.ts";
import { kaplanMeierFromCounts, survivalAt } from "../../../lib/survival/index.ts";

// The reference fixture (statsmodels) pushed through leadlens' own path: DuckDB SQL aggregates the
// durations to (time, events, censored) counts, the pure KM functions read them.
const ref = fileURLToPath(new URL("../../../../shared/reference/survival/", import.meta.url));
const fixture = JSON.parse(readFileSync(`${ref}survival.json`, "utf8"));

let store: Store;
beforeAll(async () => {
  store = await openStore(":memory:");
  await exec(store.conn, `CREATE TABLE durations AS SELECT * FROM read_csv('${ref}durations.csv', header = true)`);
});
afterAll(() => store.close());

describe("survival fixture through the funnel's SQL path", () => {
  it("counts per distinct time match the reference table", async () => {
    const counts = await survivalCounts(store.conn, "durations", "duration", "event");
    const all = fixture.km.all_distinct_times;
    expect(counts.map((c) => c.time)).toEqual(all.time);
    expect(counts.map((c) => c.events)).toEqual(all.n_events);
    expect(counts.map((c) => c.censored)).toEqual(all.n_censored);
  });

  it("gives survival at every distinct time, median 70 with CI [67, 73], quartiles 34 and 118, RMST at 90", async () => {
    const counts = await survivalCounts(store.conn, "durations", "duration", "event");
    const km = kaplanMeierFromCounts(counts);
    fixture.km.all_distinct_times.time.forEach((t: number, i: number) => {
      expect(Math.abs(survivalAt(km, t) - fixture.km.all_distinct_times.surv[i])).toBeLessThanOrEqual(1e-12);
    });
    const rows = counts.map((c) => ({ duration: c.time, excluded: false, events: c.events, censored: c.censored }));
    const s = summarizeVelocity(rows, { horizon: 90, within: [30, 90] });
    expect(s.km_median_days).toBe(70);
    expect(s.km_median_ci).toEqual([67, 73]);
    expect(s.quantiles["25"]).toBe(34);
    expect(s.quantiles["75"]).toBe(118);
    expect(Math.abs(s.rmst_days! - fixture.rmst.value)).toBeLessThanOrEqual(1e-9);
    expect(s.entered).toBe(3000);
    expect(s.moved_on).toBe(2101);
    const i30 = fixture.km.all_distinct_times.time.indexOf(30);
    expect(Math.abs(s.p_within["30"]! - (1 - fixture.km.all_distinct_times.surv[i30]))).toBeLessThanOrEqual(1e-12);
  });
});
