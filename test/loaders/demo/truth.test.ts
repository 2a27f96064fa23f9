import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, openStore, type Store } from "../../../lib/store/index.ts";
import { csv, demo } from "./helpers.ts";

/** Realised totals recomputed from the CSV files with DuckDB must equal truth.json's exactly. */
describe("demo truth is consistent with its files", () => {
  let d: Awaited<ReturnType<typeof demo>>;
  let store: Store;
  beforeAll(async () => {
    d = await demo({ leads: 30_000, seed: 11 });
    store = await openStore(":memory:");
    const read = (name: string) => `read_csv(${csv(d.dir, name)}, all_varchar = true, header = true)`;
    await all(store.conn, `CREATE TABLE l AS SELECT * FROM ${read("leads.csv")}`);
    await all(
      store.conn,
      `CREATE TABLE e AS SELECT lead_id, stage, entered_at::TIMESTAMP entered_at FROM ${read("stage_events.csv")}`,
    );
    await all(
      store.conn,
      `CREATE TABLE o AS SELECT lead_id, outcome, closed_at::TIMESTAMP closed_at, amount::BIGINT amount, reason FROM ${read("outcomes.csv")}`,
    );
    await all(
      store.conn,
      `CREATE TABLE s AS SELECT channel, period_start::DATE period_start, period_end::DATE period_end, amount::DECIMAL(18,2) amount FROM ${read("spend.csv")}`,
    );
  });
  afterAll(async () => {
    await store?.close();
    d?.cleanup();
  });

  it("per channel: spend, leads, stage counts, won, revenue, lost, disqualified, open", async () => {
    const rows = await all(
      store.conn,
      `SELECT l.channel,
         (SELECT sum(amount)::DOUBLE FROM s WHERE s.channel = l.channel) spend,
         count(*)::INT leads,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM e WHERE e.lead_id = l.lead_id AND stage = 'mql'))::INT mqls,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM e WHERE e.lead_id = l.lead_id AND stage = 'sql'))::INT sqls,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM e WHERE e.lead_id = l.lead_id AND stage = 'opportunity'))::INT opportunities,
         count(*) FILTER (WHERE o.outcome = 'won')::INT won,
         coalesce(sum(o.amount) FILTER (WHERE o.outcome = 'won'), 0)::BIGINT::INT revenue,
         count(*) FILTER (WHERE o.outcome = 'lost')::INT lost,
         count(*) FILTER (WHERE o.outcome = 'disqualified')::INT disqualified,
         count(*) FILTER (WHERE o.outcome = 'open')::INT open
       FROM l JOIN o USING (lead_id) GROUP BY l.channel ORDER BY l.channel`,
    );
    const keys = [
      "channel",
      "spend",
      "leads",
      "mqls",
      "sqls",
      "opportunities",
      "won",
      "revenue",
      "lost",
      "disqualified",
      "open",
    ];
    const pick = (r: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, r[k]]));
    const truth = [...d.truth.realised.by_channel].sort((a, b) => (a.channel < b.channel ? -1 : 1));
    expect(rows.map(pick)).toEqual(truth.map(pick));
    const byChannel = d.truth.realised.by_channel as Array<{
      roi: number;
      revenue: number;
      spend: number;
      cost_per_mql: number;
      mqls: number;
    }>;
    for (const r of byChannel) {
      expect(r.roi).toBeCloseTo((r.revenue - r.spend) / r.spend, 12);
      expect(r.cost_per_mql).toBeCloseTo(r.spend / r.mqls, 9);
    }
  });

  it("spend rows equal the stated monthly spend, and cover every channel and month once", async () => {
    const rows = await all<{ n: number; months: number; first: string; last: string }>(
      store.conn,
      `SELECT count(*)::INT n, count(DISTINCT period_start)::INT "months", min(period_start)::VARCHAR "first", max(period_end)::VARCHAR "last" FROM s`,
    );
    expect(rows[0]).toEqual({ n: 6 * 24, months: 24, first: "2024-01-01", last: "2025-12-31" });
    const csvAmounts = await all<{ amount: number }>(store.conn, "SELECT amount::DOUBLE amount FROM s");
    expect(csvAmounts.map((r) => r.amount)).toEqual(d.truth.spend.by_month.map((r: { amount: number }) => r.amount));
  });

  it("censors at as_of: nothing dated at or after it, and undecided leads are open", async () => {
    const asOf = d.truth.window.as_of;
    const late = await all<{ n: number }>(
      store.conn,
      `SELECT (SELECT count(*) FROM e WHERE entered_at >= $1::TIMESTAMP) + (SELECT count(*) FROM o WHERE closed_at >= $1::TIMESTAMP) + (SELECT count(*) FROM l WHERE created_at::TIMESTAMP >= $1::TIMESTAMP) AS n`,
      [asOf],
    );
    expect(Number(late[0].n)).toBe(0);
    const open = await all<{ n: number; bad: number }>(
      store.conn,
      `SELECT count(*)::INT n, count(*) FILTER (WHERE closed_at IS NOT NULL OR EXISTS (SELECT 1 FROM e WHERE e.lead_id = o.lead_id AND e.stage IN ('won', 'lost', 'disqualified')))::INT bad FROM o WHERE outcome = 'open'`,
    );
    expect(open[0].n).toBeGreaterThan(500); // recent leads are still open
    expect(open[0].bad).toBe(0);
  });

  it("won leads pass every stage in order; exits carry a reason and match their stage event", async () => {
    const broken = await all<{ n: number }>(
      store.conn,
      `WITH w AS (SELECT lead_id, list(stage ORDER BY entered_at) stages FROM e GROUP BY lead_id)
       SELECT count(*)::INT n FROM o JOIN w USING (lead_id) WHERE o.outcome = 'won' AND w.stages <> ['mql', 'sql', 'opportunity', 'won']`,
    );
    expect(broken[0].n).toBe(0);
    const exits = await all<{ n: number }>(
      store.conn,
      `SELECT count(*)::INT n FROM o LEFT JOIN e ON e.lead_id = o.lead_id AND e.stage = o.outcome
       WHERE o.outcome IN ('lost', 'disqualified') AND (o.reason IS NULL OR e.entered_at IS DISTINCT FROM o.closed_at)`,
    );
    expect(exits[0].n).toBe(0);
    const reasons = await all<{ reason: string }>(
      store.conn,
      `SELECT DISTINCT reason FROM o WHERE outcome = 'disqualified' ORDER BY 1`,
    );
    expect(reasons.map((r) => r.reason)).toEqual(["competitor", "no budget", "outside served region", "student"]);
  });

  it("truth.json holds the logistic model in reference coding, with every level's coefficient", () => {
    const { logistic, attributes } = d.truth;
    for (const a of attributes) {
      expect(logistic.reference_levels[a.name]).toBe(a.reference);
      const ref = a.levels.find((l: { level: string }) => l.level === a.reference);
      expect(ref.coef).toBe(0);
      // The reference is the most common level, as a reference-coded fit would choose it.
      expect(Math.max(...a.levels.map((l: { expected_share: number }) => l.expected_share))).toBe(ref.expected_share);
      expect(a.levels.reduce((s: number, l: { expected_share: number }) => s + l.expected_share, 0)).toBeCloseTo(1, 9);
      expect(a.levels.at(-1).missing).toBe(true);
    }
    const n = attributes.reduce((s: number, a: { levels: unknown[] }) => s + a.levels.length - 1, 0);
    expect(logistic.coefficients).toHaveLength(n);
    expect(logistic.coefficients.every((c: { coef: number }) => Math.abs(c.coef) <= 1.5)).toBe(true);
  });
});
