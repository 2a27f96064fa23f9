import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, openStore, type Store } from "../../../lib/store/index.ts";
import { csv, demo } from "./helpers.ts";

/** Kaplan–Meier median of (days, moved) pairs: the first time the estimated P(moved on) reaches 0.5. */
function kmMedian(rows: Array<{ days: number; moved: boolean }>): number | null {
  const sorted = [...rows].sort((a, b) => a.days - b.days || Number(b.moved) - Number(a.moved));
  let atRisk = sorted.length,
    survival = 1;
  for (let i = 0; i < sorted.length; ) {
    let j = i,
      events = 0;
    while (j < sorted.length && sorted[j].days === sorted[i].days) events += Number(sorted[j++].moved);
    survival *= 1 - events / atRisk;
    if (survival <= 0.5) return sorted[i].days;
    atRisk -= j - i;
    i = j;
  }
  return null;
}

describe("demo statistics follow the stated truth", () => {
  let d: Awaited<ReturnType<typeof demo>>;
  let store: Store;
  beforeAll(async () => {
    d = await demo({ leads: 50_000, seed: 5 });
    store = await openStore(":memory:");
    const read = (name: string) => `read_csv(${csv(d.dir, name)}, all_varchar = true, header = true)`;
    await all(store.conn, `CREATE TABLE l AS SELECT * FROM ${read("leads.csv")}`);
    await all(
      store.conn,
      `CREATE TABLE e AS SELECT lead_id, stage, entered_at::TIMESTAMP entered_at FROM ${read("stage_events.csv")}
                           UNION ALL SELECT lead_id, 'lead', created_at::TIMESTAMP FROM l`,
    );
    await all(
      store.conn,
      `CREATE TABLE o AS SELECT lead_id, outcome, created_at::TIMESTAMP created_at FROM ${read("outcomes.csv")} JOIN l USING (lead_id)`,
    );
  });
  afterAll(async () => {
    await store?.close();
    d?.cleanup();
  });

  it("overall conversion of decided, mature leads is in 8–15% and near the model's expectation", async () => {
    const [r] = await all<{ n: number; won: number }>(
      store.conn,
      `SELECT count(*)::INT n, count(*) FILTER (WHERE outcome = 'won')::INT won FROM o WHERE outcome <> 'open' AND created_at < $1::TIMESTAMP`,
      [d.truth.recovery.mature_created_before],
    );
    const rate = r.won / r.n;
    expect(rate).toBeGreaterThan(0.08);
    expect(rate).toBeLessThan(0.15);
    expect(Math.abs(rate - d.truth.conversion.expected_rate)).toBeLessThan(0.01);
  });

  it("conversion by job_role moves in the direction of each level's coefficient", async () => {
    const rows = await all<{ level: string; n: number; rate: number }>(
      store.conn,
      `SELECT coalesce(job_role, '(missing)') AS "level", count(*)::INT n, avg((outcome = 'won')::INT)::DOUBLE rate
       FROM o JOIN l USING (lead_id) WHERE outcome <> 'open' GROUP BY ALL`,
    );
    const role = d.truth.attributes.find((a: { name: string }) => a.name === "job_role");
    const ref = rows.find((r) => r.level === role.reference)!;
    for (const level of role.levels) {
      if (level.level === role.reference) continue;
      const r = rows.find((x) => x.level === level.level)!;
      expect(Math.sign(r.rate - ref.rate), level.level).toBe(Math.sign(level.coef));
    }
    const rate = (l: string) => rows.find((r) => r.level === l)!.rate;
    expect(rate("vp")).toBeGreaterThan(rate("director"));
    expect(rate("director")).toBeGreaterThan(rate("manager"));
  });

  it("Kaplan–Meier medians from the censored files land near the true medians; the naive median is biased fast", async () => {
    const asOf = d.truth.window.as_of;
    for (const t of d.truth.funnel.transitions.slice(0, 3)) {
      const rows = await all<{ channel: string; days: number; moved: boolean }>(
        store.conn,
        `SELECT l.channel, coalesce(date_diff('second', a.entered_at, b.entered_at), date_diff('second', a.entered_at, $1::TIMESTAMP)) / 86400.0 AS days,
                b.entered_at IS NOT NULL AS moved
         FROM e a JOIN l USING (lead_id) LEFT JOIN e b ON b.lead_id = a.lead_id AND b.stage = $3
         WHERE a.stage = $2`,
        [asOf, t.from, t.to],
      );
      for (const c of t.by_channel) {
        expect(c.p_move, `${t.from}→${t.to} ${c.channel}`).toBeGreaterThan(0.55);
        const mine = rows.filter((r) => r.channel === c.channel);
        const km = kmMedian(mine)!;
        expect(
          Math.abs(km / c.km_median_days - 1),
          `${t.from}→${t.to} ${c.channel}: KM ${km} vs truth ${c.km_median_days}`,
        ).toBeLessThan(0.1);
        const moved = mine
          .filter((r) => r.moved)
          .map((r) => r.days)
          .sort((a, b) => a - b);
        expect(moved[Math.floor(moved.length / 2)]).toBeLessThan(c.km_median_days * 0.85);
      }
    }
  });

  it("opportunity → won has p_move ≤ 0.5 in every channel, so its true median is null", () => {
    const last = d.truth.funnel.transitions[3];
    expect(
      last.by_channel.every(
        (c: { p_move: number; km_median_days: number | null }) => c.p_move < 0.5 && c.km_median_days === null,
      ),
    ).toBe(true);
  });

  it("rare levels hold fewer than 0.5% of leads, and missing values several percent", () => {
    const industry = d.truth.attributes.find((a: { name: string }) => a.name === "industry");
    const share = (l: string) => industry.levels.find((x: { level: string }) => x.level === l).leads / 50_000;
    expect(share("mining")).toBeLessThan(0.005);
    expect(share("agriculture")).toBeLessThan(0.005);
    expect(share("mining")).toBeGreaterThan(0);
    for (const a of d.truth.attributes) {
      const m = a.levels.at(-1).leads / 50_000;
      expect(m, a.name).toBeGreaterThan(0.02);
      expect(m, a.name).toBeLessThan(0.2);
    }
  });
});
