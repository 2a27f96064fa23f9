// The Channel ROI page's data (lib/report/data/roi.ts) on the fixture store (real DuckDB).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, one, type Store } from "../../../lib/store/index.ts";
import { roiData } from "../../../lib/report/data/roi.ts";
import { writeFixtureStore } from "./fixtureStore.ts";

let store: Store;
beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-roi-")), "fixture.duckdb");
  await writeFixtureStore(db);
  store = await openStore(db);
});
afterAll(async () => store?.close());

describe("Channel ROI page data", () => {
  it("says how many open qualified leads the projected value is over, not how many leads there are", async () => {
    const r: any = await roiData({ conn: store.conn, minCell: 10 });
    const data = r.report.data;
    // Independently: open leads that reached mql (or a later stage), in the published channels.
    const channels = data.channels.map((c: any) => `'${c.channel}'`).join(", ");
    const want = await one<{ n: number; leads: number }>(
      store.conn,
      `SELECT
        (SELECT count(*) FROM lead_outcomes o JOIN leads l USING (lead_id)
          WHERE o.outcome = 'open' AND l.channel IN (${channels})
            AND EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = l.lead_id AND e.stage IN ('mql', 'sql', 'won')))::BIGINT AS n,
        (SELECT count(*) FROM leads WHERE channel IN (${channels}))::BIGINT AS leads`,
    );
    expect(want!.n).toBeGreaterThan(0);
    expect(want!.n).toBeLessThan(want!.leads / 2);
    expect(data.projected_leads).toEqual({ open_qualified: want!.n, scored: 0 });
  });
});
