// Point-in-time behaviour: a model reads activity at its decision moment (score_at), never up to the
// close, so what happens during the sales process (demos, contract views) cannot teach it the sale.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { syntheticStore } from "./synthetic.ts";
import { all, exec, one, type Store } from "../../../lib/store/index.ts";
import { fitModel, scoreLeads, type ModelArtifact } from "../../../lib/model/index.ts";
import { parseScoreAt } from "../../../lib/model/moment.ts";
import { leadsRelation } from "../../../lib/features/index.ts";

let store: Store;
const coefs = (m: ModelArtifact) => m.attributes.flatMap((a) => a.levels.map((l) => l.coef)).concat(m.intercept.coef);
const FIT = { attributes: ["industry", "channel", "activity"], penalty_grid: [1], calibration: "platt" as const };

beforeAll(async () => {
  store = await syntheticStore(4000);
  // Closes spread over 3–60 days, so some leads are decided before a 14-day moment.
  await exec(
    store.conn,
    `UPDATE outcomes SET closed_at = l.created_at + to_days(CAST(3 + hash(outcomes.lead_id) % 58 AS INTEGER))
    FROM leads l WHERE l.lead_id = outcomes.lead_id AND outcomes.closed_at IS NOT NULL`,
  );
  // Early behaviour (days 0–9): a little more from leads that go on to win.
  await exec(
    store.conn,
    `INSERT INTO activities (lead_id, occurred_at, activity_type, channel)
    SELECT l.lead_id, l.created_at + to_days(CAST(k * 3 AS INTEGER)), 'page_view', NULL
    FROM leads l JOIN outcomes o USING (lead_id), range(0, 4) t(k)
    WHERE k < CASE WHEN o.outcome = 'won' AND hash(l.lead_id || 'a') % 3 > 0 THEN 4 ELSE 2 END`,
  );
});
afterAll(async () => store.close());

// The sales process: demos and contract views between the moment and the close, mostly for winners.
async function addSalesProcess(): Promise<number> {
  await exec(
    store.conn,
    `INSERT INTO activities (lead_id, occurred_at, activity_type, channel)
    SELECT l.lead_id, o.closed_at - INTERVAL 1 HOUR, 'contract_view', NULL
    FROM leads l JOIN outcomes o USING (lead_id), range(0, 3) t(k)
    WHERE o.outcome = 'won' AND o.closed_at > l.created_at + INTERVAL 15 DAY`,
  );
  return (await one<{ n: number }>(
    store.conn,
    "SELECT count(*)::INT AS n FROM activities WHERE activity_type = 'contract_view'",
  ))!.n;
}

describe("score_at: inputs as known at the decision moment", () => {
  it("reads activity up to creation + 14 days by default, and adding later events changes no coefficient", async () => {
    const before = await fitModel(store.conn, FIT);
    expect(before.encoding.score_at_days).toBe(14);
    const added = await addSalesProcess();
    expect(added).toBeGreaterThan(300);
    const after = await fitModel(store.conn, FIT);
    expect(coefs(after)).toEqual(coefs(before));
    expect(after.metrics.auc).toBe(before.metrics.auc);
    await exec(store.conn, "DELETE FROM activities WHERE activity_type = 'contract_view'");
  });

  it("leaves out, and counts, the leads decided before the moment", async () => {
    const m = await fitModel(store.conn, FIT);
    const early = (await one<{ n: number }>(
      store.conn,
      "SELECT count(*)::INT AS n FROM leads l JOIN outcomes o USING (lead_id) WHERE o.closed_at < l.created_at + INTERVAL 14 DAY",
    ))!.n;
    expect(early).toBeGreaterThan(500);
    expect(m.warnings).toContain(
      `Decision moment created + 14d: behaviour counts up to it, and ${early.toLocaleString("en-US")} leads decided before it are left out of training (score_at in scoring.yml).`,
    );
    // Trained and held out: decided leads past the 180-day maturity window, undecided at their moment.
    const eligible = (await one<{ n: number }>(
      store.conn,
      `SELECT count(*)::INT AS n FROM leads l JOIN outcomes o USING (lead_id) WHERE o.outcome IN ('won', 'lost')
         AND l.created_at <= TIMESTAMP '2025-01-01' - INTERVAL 180 DAY AND o.closed_at >= l.created_at + INTERVAL 14 DAY`,
    ))!.n;
    expect(m.metrics.n_train + m.metrics.n_test).toBe(eligible);
  });

  it("with score_at: close, the sales process leaks into the model (the behaviour this replaces)", async () => {
    const before = await fitModel(store.conn, { ...FIT, score_at: "close" });
    expect(before.encoding.score_at_days).toBeNull();
    await addSalesProcess();
    const after = await fitModel(store.conn, { ...FIT, score_at: "close" });
    const act = (m: ModelArtifact) => m.attributes.find((a) => a.name === "activity")!;
    expect(act(after).information_value).toBeGreaterThan(act(before).information_value + 0.2);
    expect(after.metrics.auc).toBeGreaterThan(before.metrics.auc + 0.02);
    await exec(store.conn, "DELETE FROM activities WHERE activity_type = 'contract_view'");
  });

  it("decays activity to the moment, or to as_of when the moment is later", async () => {
    const rel = leadsRelation({ asOf: "2025-01-01", halfLifeDays: 10, activity: true, momentDays: 14 });
    const rows = await all<{ lead_id: string; activity: number; ref: number }>(
      store.conn,
      `SELECT lr.lead_id, lr.activity,
         (SELECT sum(power(2, -(epoch(least(l.created_at + INTERVAL 14 DAY, TIMESTAMP '2025-01-01')) - epoch(a.occurred_at)) / 86400.0 / 10))
            FROM activities a JOIN leads l USING (lead_id)
            WHERE a.lead_id = lr.lead_id AND a.occurred_at <= least(l.created_at + INTERVAL 14 DAY, TIMESTAMP '2025-01-01')) AS ref
       FROM ${rel} WHERE lr.lead_id IN ('L1', 'L2', 'L3', 'L3999')`,
    );
    expect(rows.length).toBe(4);
    for (const r of rows) expect(r.activity).toBeCloseTo(r.ref ?? 0, 10);
  });

  it("scores as the model was measured: behaviour up to the decision moment, or the --as-of date when sooner", async () => {
    const m = await fitModel(store.conn, FIT);
    // Two new leads alike but for four page views early in December (days 0, 3, 6, 9).
    await exec(
      store.conn,
      `INSERT INTO leads (lead_id, created_at, channel, campaign, source, run_id, industry, visits, sales_tag)
      VALUES ('NEW', TIMESTAMP '2024-12-01', 'search', NULL, 'synthetic', 'r1', 'software', 3, NULL),
             ('NEW0', TIMESTAMP '2024-12-01', 'search', NULL, 'synthetic', 'r1', 'software', 3, NULL)`,
    );
    await exec(
      store.conn,
      `INSERT INTO activities (lead_id, occurred_at, activity_type, channel)
      SELECT 'NEW', TIMESTAMP '2024-12-01' + to_days(CAST(k * 3 AS INTEGER)), 'page_view', NULL FROM range(0, 4) t(k)`,
    );
    const pointsAt = async (asOf: string) => {
      await scoreLeads(store.conn, m, { reasons: false, asOf });
      const rows = await all<{ lead_id: string; points: number }>(
        store.conn,
        "SELECT lead_id, points FROM scores WHERE lead_id IN ('NEW', 'NEW0') ORDER BY lead_id",
      );
      return Object.fromEntries(rows.map((r) => [r.lead_id, r.points]));
    };
    const early = await pointsAt("2024-12-11 00:00:00");
    expect(early.NEW).toBeGreaterThan(early.NEW0!);
    // After the moment (day 14) the score holds: the held-out metrics describe exactly these scores.
    expect(await pointsAt("2025-06-01 00:00:00")).toEqual(await pointsAt("2030-01-01 00:00:00"));
    // Scoring reads the same relation the held-out leads were measured on.
    const rel = leadsRelation({
      asOf: "2030-01-01 00:00:00",
      halfLifeDays: m.encoding.activity_half_life_days,
      activity: true,
      momentDays: 14,
    });
    const [atMoment] = await all<{ activity: number }>(store.conn, `SELECT activity FROM ${rel} WHERE lead_id = 'NEW'`);
    const h = m.encoding.activity_half_life_days;
    expect(atMoment!.activity).toBeCloseTo(
      [14, 11, 8, 5].reduce((s, age) => s + 2 ** (-age / h), 0),
      12,
    );
    // As of 4 December only the first two visits count (days 0 and 3), decayed to that day.
    const early4 = leadsRelation({ asOf: "2024-12-04 00:00:00", halfLifeDays: h, activity: true, momentDays: 14 });
    const [row] = await all<{ activity: number }>(store.conn, `SELECT activity FROM ${early4} WHERE lead_id = 'NEW'`);
    expect(row!.activity).toBeCloseTo(2 ** (-3 / h) + 1, 12);
    // Leads created after the date are not scored as of it.
    await scoreLeads(store.conn, m, { reasons: false, asOf: "2024-11-30 00:00:00" });
    expect(
      (await one<{ n: number }>(store.conn, "SELECT count(*)::INT AS n FROM scores WHERE lead_id IN ('NEW', 'NEW0')"))!
        .n,
    ).toBe(0);
    await exec(
      store.conn,
      "DELETE FROM activities WHERE lead_id = 'NEW'; DELETE FROM leads WHERE lead_id IN ('NEW', 'NEW0'); DELETE FROM scores",
    );
  });

  it("reads score_at as created + <days>d or close, and refuses anything else", () => {
    expect(parseScoreAt("created + 14d")).toEqual({ kind: "created", days: 14 });
    expect(parseScoreAt("Created+30 days")).toEqual({ kind: "created", days: 30 });
    expect(parseScoreAt("close")).toEqual({ kind: "close" });
    expect(() => parseScoreAt("mql")).toThrow(/score_at: expected "created \+ <days>d".*got "mql"/);
  });
});
