import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { runInProcess } from "../../cli/inProcess.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, type Store } from "../../../lib/store/index.ts";
import { funnelData } from "../../../lib/report/data/funnel.ts";

const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const OLIST = resolve(ROOT, "../shared/data/olist-marketing-funnel");

// Olist's funnel is mql → won, so its only transition and its time to convert share stages:
// each must still be one curve per group (a repeated series draws a false flat line on the chart).
describe("funnel page curves on Olist", () => {
  let store: Store;
  beforeAll(async () => {
    const db = join(mkdtempSync(join(tmpdir(), "leadlens-curves-")), "olist.duckdb");
    const r = await runInProcess("ingest", "olist", "--dir", OLIST, "--db", db);
    expect(r.status, r.stderr).toBe(0);
    store = await openStore(db, { readOnly: true });
  }, 120_000);
  afterAll(() => store?.close());

  it("publishes each transition's curve once per group, days non-decreasing from 0", async () => {
    const data = (await funnelData({ conn: store.conn, minCell: 10 } as never)) as {
      report: { data: { curves: Array<{ transition: string; group: string; day: number; moved_on: number }> } };
    };
    const curves = data.report.data.curves;
    const series = new Map<string, typeof curves>();
    for (const c of curves) {
      const k = `${c.transition}|${c.group}`;
      if (!series.has(k)) series.set(k, []);
      series.get(k)!.push(c);
    }
    expect(series.has("mql → won|all leads")).toBe(true);
    expect(series.has("time to convert: mql → won|all leads")).toBe(true);
    for (const [k, pts] of series) {
      expect(pts[0].day, k).toBe(0);
      for (let i = 1; i < pts.length; i++) expect(pts[i].day, k).toBeGreaterThanOrEqual(pts[i - 1].day);
    }
    // P(won within the data) for all leads: 842 of 8,000 minus the flagged deal, well under 11%.
    const all = series.get("mql → won|all leads")!;
    expect(all.at(-1)!.moved_on).toBeGreaterThan(0.09);
    expect(all.at(-1)!.moved_on).toBeLessThan(0.12);
  });
});
