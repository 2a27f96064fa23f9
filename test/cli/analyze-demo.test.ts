import { describe, it, expect, beforeAll } from "vitest";
import { openStore, one } from "../../lib/store/index.ts";
import { analyzeJson, ingestInto } from "./analyzeHelpers.ts";

// The demo generator knows the truth: per channel and transition the true median of P(moved on by t),
// and the realised per-channel totals. leadlens must recover them from the data alone.
let db: string;
let truth: any;
let f: any;
beforeAll(async () => {
  db = ingestInto("demo");
  f = analyzeJson(db, "funnel");
  const s = await openStore(db, { readOnly: true });
  truth = JSON.parse((await one<{ value: string }>(s.conn, "SELECT value FROM meta WHERE key = 'demo_truth'"))!.value);
  await s.close();
});

describe("analyze on the demo data, against the generator's truth", () => {
  it("KM medians per channel cover the true medians for at least 90% of channel × transition pairs", () => {
    let pairs = 0;
    let covered = 0;
    for (const tt of truth.funnel.transitions) {
      const mine = f.transitions.find((x: any) => x.from === tt.from && x.to === tt.to);
      for (const c of tt.by_channel) {
        if (c.km_median_days === null || c.km_median_days === undefined) continue;
        const g = mine.by.find((x: any) => x.dimension === "channel" && x.value === c.channel);
        const [lo, hi] = g.km_median_ci;
        pairs++;
        // Durations are completed days: day d covers [d, d + 1) of elapsed time.
        if (lo !== null && c.km_median_days >= lo && (hi === null || c.km_median_days < hi + 1)) covered++;
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(12);
    expect(covered / pairs).toBeGreaterThanOrEqual(0.9);
  });

  it("the naive median is biased fast next to the KM median", () => {
    const mqlSql = f.transitions.find((x: any) => x.from === "mql");
    expect(mqlSql.naive_median_days).toBeLessThan(mqlSql.km_median_days);
  });

  it("ROI and cost per stage per channel equal the realised figures", () => {
    const r = analyzeJson(db, "roi");
    const keys = [
      "spend",
      "leads",
      "mqls",
      "sqls",
      "won",
      "revenue",
      "cost_per_lead",
      "cost_per_mql",
      "cost_per_sql",
      "cost_per_won",
      "roi",
    ];
    for (const c of truth.realised.by_channel) {
      const mine = r.channels.find((x: any) => x.channel === c.channel);
      for (const k of keys) expect(mine[k], `${c.channel} ${k}`).toBeCloseTo(c[k], 6);
      expect(mine.cost_unknown).toBe(false);
    }
    for (const c of r.channels) {
      for (const k of [
        "channel",
        "spend",
        "leads",
        "mqls",
        "sqls",
        "won",
        "revenue",
        "cost_per_lead",
        "cost_per_mql",
        "cost_per_sql",
        "cost_per_won",
        "roi",
        "projected_value",
        "projected_value_ci",
        "projected_roi",
      ]) {
        expect(c).toHaveProperty(k);
      }
    }
  });

  it("monthly ROI rows add up to the channel totals", () => {
    const r = analyzeJson(db, "roi", "--period", "quarter");
    for (const c of r.channels) {
      const rows = r.by_period.filter((x: any) => x.channel === c.channel);
      expect(rows.reduce((a: number, x: any) => a + x.spend, 0)).toBeCloseTo(c.spend, 4);
      expect(rows.reduce((a: number, x: any) => a + x.leads, 0)).toBe(c.leads);
    }
  });
});
