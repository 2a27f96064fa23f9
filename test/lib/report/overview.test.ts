// The Overview page's figures from lib/report/data/overview.ts on the fixture store (real DuckDB).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, exec, one, type Store } from "../../../lib/store/index.ts";
import { overviewData } from "../../../lib/report/data/overview.ts";
import { writeFixtureStore } from "./fixtureStore.ts";

let store: Store;
beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-overview-")), "fixture.duckdb");
  await writeFixtureStore(db);
  store = await openStore(db);
});
afterAll(async () => store?.close());

describe("Overview ROI", () => {
  it("is revenue over spend of the channels with spend when won deals have amounts", async () => {
    const o: any = await overviewData({ conn: store.conn, minCell: 10 });
    // Independent sums: spend of the three channels with spend, won amounts of their leads.
    const r = await one<{ spend: number; revenue: number }>(
      store.conn,
      `SELECT
        (SELECT sum(amount) FROM spend) AS spend,
        (SELECT sum(o.amount) FROM outcomes o JOIN leads l USING (lead_id) WHERE o.outcome = 'won' AND l.channel IN ('paid_search', 'organic', 'email')) AS revenue`,
    );
    expect(o.roi.data.spend).toBeCloseTo(r!.spend, 6);
    expect(o.roi.data.revenue).toBeCloseTo(r!.revenue, 6);
    expect(o.roi.data.roi).toBeCloseTo((r!.revenue - r!.spend) / r!.spend, 9);
    expect(o.roi.data.revenue_note).toBeNull();
  });

  it("is unknown, not −100%, when no won deal has an amount", async () => {
    await exec(store.conn, "UPDATE outcomes SET amount = NULL");
    try {
      const o: any = await overviewData({ conn: store.conn, minCell: 10 });
      expect(o.roi.available).toBe(true);
      expect(o.roi.data.spend).toBeGreaterThan(0);
      expect(o.roi.data.revenue).toBeNull();
      expect(o.roi.data.roi).toBeNull();
      expect(o.roi.data.revenue_note).toMatch(
        /revenue unknown: no won deal has an amount in 3 of the 3 channels with spend/,
      );
    } finally {
      await exec(store.conn, "UPDATE outcomes SET amount = 1000 WHERE outcome = 'won'");
    }
  });
});

describe("Overview monthly conversion", () => {
  it("marks months whose leads have not had the maturity window to convert", async () => {
    const o: any = await overviewData({ conn: store.conn, minCell: 10 });
    // No model: 90 days. The fixture's data ends 2025-01-15 (ingest as_of), so a month is mature
    // when its last day is at least 90 days before: September 2024 (ends 2024-10-01 + 90 d =
    // 2024-12-30) is, October (2025-01-30) is not.
    expect(o.maturity_days).toBe(90);
    const rows = o.monthly.rows;
    expect(rows.map((r: any) => r.period)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}`),
    );
    expect(
      rows
        .filter((r: any) => r.mature)
        .map((r: any) => r.period)
        .at(-1),
    ).toBe("2024-09");
    expect(rows.filter((r: any) => !r.mature).map((r: any) => r.period)).toEqual(["2024-10", "2024-11", "2024-12"]);
  });
});
