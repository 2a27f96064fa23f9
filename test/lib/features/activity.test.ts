import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { syntheticStore } from "../model/synthetic.ts";
import { all, exec, type Store } from "../../../lib/store/index.ts";
import { leadsRelation, resolveInputs } from "../../../lib/features/index.ts";
import { fitModel, scoreLeads } from "../../../lib/model/index.ts";

let store: Store;

beforeAll(async () => {
  store = await syntheticStore(3000);
  // Converted leads get more recent activity; one activity after closing must not count.
  await exec(
    store.conn,
    `INSERT INTO activities (lead_id, occurred_at, activity_type, channel)
    SELECT l.lead_id, l.created_at + to_days(CAST(k AS INTEGER)), 'email_open', NULL
    FROM leads l JOIN outcomes o USING (lead_id), range(0, 6) t(k)
    WHERE k < CASE WHEN o.outcome = 'won' THEN 5 ELSE 2 END`,
  );
  await exec(store.conn, `INSERT INTO activities VALUES ('L1', TIMESTAMP '2030-01-01', 'late', NULL)`);
});
afterAll(async () => store.close());

describe("activity with exponential time decay", () => {
  it("is a default input when activities exist", async () => {
    const { inputs } = await resolveInputs(store.conn, undefined);
    expect(inputs.find((i) => i.name === "activity")).toMatchObject({
      source: "activity",
      kind: "numeric",
      role: "intent.behavioral",
    });
  });
  it("sums 2^(−age/half-life) over activities up to the lead's reference time", async () => {
    const rel = leadsRelation({ asOf: "2025-01-01", halfLifeDays: 10, activity: true });
    const rows = await all<{ lead_id: string; activity: number; ref: number }>(
      store.conn,
      `SELECT lr.lead_id, lr.activity,
         (SELECT sum(power(2, -(epoch(COALESCE(o.closed_at, TIMESTAMP '2025-01-01')) - epoch(a.occurred_at)) / 86400.0 / 10))
            FROM activities a JOIN outcomes o USING (lead_id)
            WHERE a.lead_id = lr.lead_id AND a.occurred_at <= COALESCE(o.closed_at, TIMESTAMP '2025-01-01')) AS ref
       FROM ${rel} WHERE lr.lead_id IN ('L1', 'L2', 'L3')`,
    );
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r.activity).toBeCloseTo(r.ref ?? 0, 10);
  });
  it("fits and scores with the activity attribute", async () => {
    const m = await fitModel(store.conn, { penalty_grid: [1], calibration: "platt" });
    const act = m.attributes.find((a) => a.name === "activity")!;
    expect(act.information_value).toBeGreaterThan(0.1);
    const r = await scoreLeads(store.conn, m, { reasons: false });
    expect(r.leads).toBe(3000);
  });
});
