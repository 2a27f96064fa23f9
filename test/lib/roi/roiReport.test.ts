import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { exec, type Store } from "../../../lib/store/index.ts";
import { roiReport, projectedValue, channelRow } from "../../../lib/roi/index.ts";
import { tinyStore } from "../funnel/tinyStore.ts";

let store: Store;
beforeAll(async () => {
  store = await tinyStore();
  // email: 3000 over 2024-01-16 … 2024-02-14 (30 days); search: 900 over Q1. No spend for leads without a channel.
  await exec(
    store.conn,
    `INSERT INTO spend (channel, period_start, period_end, amount, currency, source, run_id) VALUES ('email','2024-01-16','2024-02-14',3000,'USD','t','r'),('search','2024-01-01','2024-03-31',910,'USD','t','r')`,
  );
});
afterAll(() => store.close());

describe("roiReport", () => {
  it("gives spend, stage counts, cost per stage and ROI per channel", async () => {
    const r = await roiReport(store.conn);
    const email = r.channels.find((c) => c.channel === "email")!;
    expect(email).toMatchObject({
      spend: 3000,
      leads: 2,
      mqls: 2,
      sqls: 1,
      won: 1,
      revenue: 1000,
      cost_per_lead: 1500,
      cost_per_mql: 1500,
      cost_per_sql: 3000,
      cost_per_won: 3000,
    });
    expect(email.roi).toBeCloseTo((1000 - 3000) / 3000, 12);
    // search: L3 (skipped mql, credited), L4, L5 (won before created: still a won deal for ROI).
    expect(r.channels.find((c) => c.channel === "search")).toMatchObject({
      leads: 3,
      mqls: 2,
      sqls: 2,
      won: 1,
      revenue: 500,
    });
  });

  it("calls a channel with no spend cost unknown, never infinite", async () => {
    const r = await roiReport(store.conn);
    const none = r.channels.find((c) => c.channel === "(no channel)")!;
    expect(none).toMatchObject({ spend: null, cost_per_lead: null, roi: null, cost_unknown: true });
    expect(r.total.cost_unknown).toBe(true);
    expect(r.notes.join(" ")).toMatch(/Cost unknown \(no spend recorded\): \(no channel\)/);
  });

  it("prorates spend by days to months and quarters", async () => {
    const m = await roiReport(store.conn, { period: "month" });
    const emailJan = m.by_period!.find((c) => c.channel === "email" && c.period === "2024-01")!;
    const emailFeb = m.by_period!.find((c) => c.channel === "email" && c.period === "2024-02")!;
    expect(emailJan.spend).toBeCloseTo(1600, 9); // 16 of 30 days
    expect(emailFeb.spend).toBeCloseTo(1400, 9);
    expect(emailFeb.leads).toBe(0);
    expect(emailFeb.cost_per_lead).toBeNull();
    const searchMar = m.by_period!.find((c) => c.channel === "search" && c.period === "2024-03")!;
    expect(searchMar.spend).toBeCloseTo((910 * 31) / 91, 9);
    const q = await roiReport(store.conn, { period: "quarter", from: "2024-02-01" });
    // From February on: email spend 14 of 30 days; leads created from Feb: L3, L4, L5, L6.
    expect(q.channels.find((c) => c.channel === "email")!.spend).toBeCloseTo(1400, 9);
    expect(q.total.leads).toBe(4);
  });

  it("projects open qualified leads' value only when scores exist", async () => {
    expect((await roiReport(store.conn)).channels.every((c) => c.projected_value === null)).toBe(true);
    await exec(
      store.conn,
      `INSERT INTO scores VALUES ('L2','m',0.1,1,NULL,NULL,NULL,NULL,'2024-01-01'),('L2','m',0.4,10,NULL,NULL,NULL,NULL,'2024-03-01'),('L6','m',0.2,5,NULL,NULL,NULL,NULL,'2024-03-01')`,
    );
    try {
      const r = await roiReport(store.conn);
      const email = r.channels.find((c) => c.channel === "email")!;
      // L2 is the only open lead that reached mql: latest p 0.4 × overall mean deal 750 (email has < 5 deals).
      expect(email.projected_value).toBeCloseTo(300, 9);
      expect(email.projected_roi).toBeCloseTo((1000 + 300 - 3000) / 3000, 12);
      expect(email.projected_value_ci![0]).toBe(0);
      expect(email.projected_value_ci![1]).toBeGreaterThan(300);
    } finally {
      await exec(store.conn, "DELETE FROM scores");
    }
  });

  it("credits channel touches under last and linear attribution", async () => {
    await exec(
      store.conn,
      `INSERT INTO activities VALUES ('L1','2024-01-05','webinar','webinar'),('L1','2024-03-01','email_open','email')`,
    );
    try {
      const last = await roiReport(store.conn, { attribution: "last" });
      // L1 won on 2024-02-10: its last touch before that is the webinar.
      expect(last.channels.find((c) => c.channel === "webinar")).toMatchObject({
        leads: 1,
        won: 1,
        revenue: 1000,
        cost_unknown: true,
      });
      const linear = await roiReport(store.conn, { attribution: "linear" });
      expect(linear.channels.find((c) => c.channel === "webinar")).toMatchObject({
        leads: 0.5,
        won: 0.5,
        revenue: 500,
      });
      expect(linear.channels.find((c) => c.channel === "email")).toMatchObject({ leads: 1.5, won: 0.5 });
      expect(linear.total.leads).toBeCloseTo(6, 12);
    } finally {
      await exec(store.conn, "DELETE FROM activities");
    }
  });
});

describe("projectedValue", () => {
  it("adds Bernoulli-times-amount variance and the mean's uncertainty", () => {
    const deals = { byChannel: [], overall: { channel: null, n: 10, mean: 1000, variance: 250000 } };
    const p = projectedValue([{ own_channel: "email", sum_wp: 2, sum_w2p: 2, sum_w2p2: 1.2 }], deals)!;
    expect(p.value).toBe(2000);
    expect(p.se).toBeCloseTo(Math.sqrt((250000 + 1e6) * 2 - 1e6 * 1.2 + 4 * 25000), 9);
    expect(p.low).toBe(0);
    expect(
      projectedValue([], { byChannel: [], overall: { channel: null, n: 0, mean: null, variance: null } }),
    ).toBeNull();
  });

  it("never divides by zero spend", () => {
    const row = channelRow(
      "organic",
      0,
      { leads: 10, mqls: 2, sqls: 1, won: 1, revenue: 100, open_qualified: 0, scored: 0 },
      null,
    );
    expect(row.roi).toBeNull();
    expect(row.cost_per_lead).toBe(0);
  });
});
