import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { exec, type Store } from "../../../lib/store/index.ts";
import { funnelReport, naiveMedian } from "../../../lib/funnel/index.ts";
import { tinyStore } from "./tinyStore.ts";

let store: Store;
beforeAll(async () => {
  store = await tinyStore();
});
afterAll(() => store.close());

describe("funnelReport on a tiny funnel", () => {
  it("counts entered and moved on per transition, crediting skipped stages", async () => {
    const r = await funnelReport(store.conn, { minN: 2 });
    expect(r.as_of).toBe("2024-03-31 00:00:00");
    expect(r.transitions.map((t) => `${t.from}>${t.to}`)).toEqual(["lead>mql", "mql>sql", "sql>won"]);
    // L3 jumped lead → sql: it passes mql on 2024-02-05, so it moved on (0 days in mql).
    const [leadMql, mqlSql, sqlWon] = r.transitions;
    expect([leadMql!.entered, leadMql!.moved_on]).toEqual([6, 4]);
    expect([mqlSql!.entered, mqlSql!.moved_on]).toEqual([4, 3]);
    expect([sqlWon!.entered, sqlWon!.moved_on]).toEqual([3, 2]);
    expect(r.time_to_convert).toMatchObject({ from: "lead", to: "won", entered: 6, moved_on: 2 });
  });

  it("censors leads that have not moved on at as_of, lost ones included, and reports the naive median beside KM", async () => {
    const r = await funnelReport(store.conn, { minN: 2 });
    const t = r.time_to_convert!;
    // Timed leads (L5 excluded): L1 won after 40 days; L2 (81 d), L3 lost (59 d), L4 disqualified (45 d), L6 (26 d) censored.
    expect(t.timed).toBe(5);
    expect(t.naive_median_days).toBe(40);
    // KM: at 40 days 4 leads at risk (26 censored earlier), one event → S = 0.75; P(won within 30) = 0.
    expect(t.p_within["30"]).toBe(0);
    expect(t.p_within["90"]).toBeNull(); // beyond the longest follow-up (81 days) the curve is not estimated
    expect(t.km_median_days).toBeNull(); // fewer than half won within follow-up: no median, not a fast one
  });

  it("excludes the lead won before it was created from velocity, with the ingest's note", async () => {
    const r = await funnelReport(store.conn);
    expect(r.data_quality).toEqual([{ reason: "won before first contact", leads: 1 }]);
    expect(r.time_to_convert!.excluded_quality).toBe(1);
    // …but it still counts as entered and won for the conversion rate.
    expect(r.time_to_convert!.moved_on).toBe(2);
  });

  it("breaks down by channel (missing as its own group) and entry cohort", async () => {
    const r = await funnelReport(store.conn, { cohort: "quarter", minN: 3 });
    const by = r.transitions[0]!.by;
    const email = by.find((g) => g.dimension === "channel" && g.value === "email")!;
    expect([email.entered, email.moved_on, email.small]).toEqual([2, 2, true]);
    expect(by.find((g) => g.dimension === "channel" && g.value === "(missing)")!.entered).toBe(1);
    expect(
      by
        .filter((g) => g.dimension === "cohort")
        .map((g) => g.value)
        .sort(),
    ).toEqual(["2024-Q1"]);
  });

  it("can leave skippers out instead", async () => {
    const r = await funnelReport(store.conn, { skips: "exclude" });
    // L3 (no mql) and L5 (no mql, no sql) leave lead → mql and mql → sql.
    expect([r.transitions[0]!.entered, r.transitions[0]!.moved_on]).toEqual([4, 2]);
    expect(r.notes.join(" ")).toMatch(/left out/);
  });

  it("says velocity is unavailable in words when the data has no dates", async () => {
    await exec(store.conn, "CREATE TABLE backup_events AS SELECT * FROM stage_events");
    await exec(
      store.conn,
      "DELETE FROM stage_records; UPDATE leads SET created_at = NULL; UPDATE outcomes SET closed_at = NULL; DELETE FROM ingest_runs",
    );
    try {
      const r = await funnelReport(store.conn);
      expect(r.velocity_available).toBe(false);
      expect(r.notes.join(" ")).toMatch(/Velocity unavailable: this data has no dates/);
      expect(r.time_to_convert).toMatchObject({ entered: 6, moved_on: 2, km_median_days: null });
    } finally {
      store.close();
      store = await tinyStore();
    }
  });
});

describe("naiveMedian", () => {
  it("weights durations by count and averages the middle pair", () => {
    expect(
      naiveMedian([
        { duration: 3, count: 1 },
        { duration: 10, count: 2 },
      ]),
    ).toBe(10);
    expect(
      naiveMedian([
        { duration: 3, count: 1 },
        { duration: 10, count: 1 },
      ]),
    ).toBe(6.5);
    expect(naiveMedian([])).toBeNull();
  });
});
