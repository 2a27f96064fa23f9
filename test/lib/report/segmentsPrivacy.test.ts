// The Segments page on a censoring-aware basis publishes open and excluded counts and notes about
// open-record artifacts: none may give away a withheld segment.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { openStore, exec, type Store } from "../../../lib/store/index.ts";
import { segmentsData } from "../../../lib/report/data/segments.ts";
import { overviewData } from "../../../lib/report/data/overview.ts";
import { segmentsReport } from "../../../lib/segments/index.ts";

let store: Store;
beforeAll(async () => {
  store = await openStore(":memory:");
  await exec(store.conn, "ALTER TABLE leads ADD COLUMN region VARCHAR");
  await exec(
    store.conn,
    `INSERT INTO attributes VALUES ('region','Region','fit.geographic','categorical',false,'t',NULL)`,
  );
  // North and south: 200 decided leads each. Island: 12 open leads, 7 of them undated (5 on the basis: under k).
  await exec(
    store.conn,
    `INSERT INTO leads (lead_id, created_at, channel, region, source, run_id)
    SELECT 'n' || i, TIMESTAMP '2024-01-01' + to_days(CAST(i AS INTEGER)), 'web', CASE WHEN i < 200 THEN 'north' ELSE 'south' END, 't', 'r' FROM range(400) t(i)
    UNION ALL SELECT 'i' || i, CASE WHEN i < 5 THEN TIMESTAMP '2024-12-20' END, 'web', 'island', 't', 'r' FROM range(12) t(i)`,
  );
  await exec(
    store.conn,
    `INSERT INTO outcomes SELECT 'n' || i, CASE WHEN i % 3 = 0 THEN 'won' ELSE 'lost' END,
    TIMESTAMP '2024-01-01' + to_days(CAST(i + 20 AS INTEGER)), NULL, NULL FROM range(400) t(i)`,
  );
});
afterAll(() => store.close());

describe("Segments page privacy on the default basis", () => {
  it("withholds the artifact segment's note with its row, and a second cell so its counts cannot be subtracted", async () => {
    const local = await segmentsReport(store.conn, { by: ["region"] });
    const region = local.attributes[0]!;
    // Locally (the analyst's CLI) the island is flagged with its counts.
    expect(region.segments.find((s) => s.segment === "island")).toMatchObject({
      n: 5,
      open: 12,
      excluded: 7,
      open_artifact: true,
    });
    expect(region.notes.some((n) => n.startsWith("region = island: 12 of 12 leads are open"))).toBe(true);
    const page = (await segmentsData({ conn: store.conn, minCell: 10 } as never)).report as {
      available: boolean;
      data: any;
    };
    expect(page.available).toBe(true);
    const published = page.data.attributes.find((a: any) => a.attribute === "region");
    expect(published.segments.map((s: any) => s.segment)).not.toContain("island");
    expect(JSON.stringify(page.data)).not.toMatch(/island/);
    // With the total published, one withheld cell would be the total minus the rest: a second goes.
    expect(published.suppressed).toBeGreaterThanOrEqual(2);
  });

  it("gives the Overview's headline conversion on the Segments page's basis, saying what it is over", async () => {
    const segments = await segmentsReport(store.conn, { by: ["region"] });
    const o = (await overviewData({ conn: store.conn, minCell: 10 } as never)).conversion!;
    expect(o.rate).toBe(segments.overall.rate);
    expect(o.n).toBe(segments.overall.n);
    expect(o.over).toBe(segments.rate.description);
    expect(o.over).toMatch(/won within \d+ days of creation \(open leads censored/);
  });
});
