/**
 * Issue 14, spend at any grain: an ad-level export (two platforms, ads within ad sets within
 * campaigns, no dates, a UTF-8 BOM and CRLF) loads as it is: rows are summed to channel × campaign,
 * the period is the leads' created_at range, impressions and clicks are kept.
 */
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { openStore, all } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { roiReport } from "../../lib/roi/index.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import { tempDir, writeSource } from "./helpers.ts";
import { adCsv, adRows, rng } from "./fixtures/exports.ts";

const ads = adRows();
const r = rng(3);
const leads = Array.from({ length: 300 }, (_, i) => {
  const ch = r() < 0.55 ? "facebook" : "google ads";
  const day = 1 + Math.floor(r() * 88); // 2024-01-02 … 2024-03-29
  const d = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
  return { id: `L${i + 1}`, created: d, channel: ch, won: r() < 0.2 ? "yes" : "no" };
});
const leadsCsv = `id,created,channel,won\n${leads.map((l) => `${l.id},${l.created},${l.channel},${l.won}`).join("\n")}\n`;
const dates = leads.map((l) => l.created).sort();

const config = (spend: object = {}) => ({
  source: "ads",
  leads: {
    file: "leads.csv",
    id: "id",
    created_at: "created",
    channel: { column: "channel", normalize: { case: "lower" } },
  },
  outcome: { column: "won", won: ["yes"], lost: ["no"] },
  spend: {
    file: "ads.csv",
    channel: "Platform",
    campaign: "Campaign name",
    amount: "Amount spent (USD)",
    impressions: "Impressions",
    clicks: "Link clicks",
    ...spend,
  },
});

/** Sums of the ad rows by a key, computed here. */
function sums(key: (a: (typeof ads)[number]) => string) {
  const m = new Map<string, { amount: number; impressions: number; clicks: number; rows: number }>();
  for (const a of ads) {
    const s = m.get(key(a)) ?? { amount: 0, impressions: 0, clicks: 0, rows: 0 };
    m.set(key(a), {
      amount: s.amount + a.spent,
      impressions: s.impressions + a.impressions,
      clicks: s.clicks + (a.clicks ?? 0),
      rows: s.rows + 1,
    });
  }
  return m;
}

describe("spend at any grain", () => {
  it("sums an undated ad-level export to channel × campaign over the leads' window, keeping impressions and clicks", async () => {
    const dir = tempDir();
    const path = writeSource(dir, { "leads.csv": leadsCsv, "ads.csv": adCsv(ads) }, config());
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      const res = await ingest(store.conn, loadConfig(path));
      expect(res.rows_rejected).toBe(0);
      expect(res.files.find((f) => f.part === "spend")!.rows_loaded).toBe(ads.length);
      const byCampaign = sums((a) => `${a.platform.toLowerCase()}|${a.campaign}`);
      expect(res.notes).toContain(
        `spend: ${ads.length} rows summed to ${byCampaign.size} channel × campaign × period rows (total ${(Math.round(ads.reduce((s, a) => s + a.spent, 0) * 100) / 100).toLocaleString("en-US")} USD)`,
      );
      expect(res.notes).toContain(
        `spend: no period_start/period_end, so the file's spend is one period covering the leads' created_at range, ${dates[0]} to ${dates[dates.length - 1]}`,
      );
      const got = await all<{ k: string; amount: number; impressions: number; clicks: number; ps: string; pe: string }>(
        store.conn,
        "SELECT channel || '|' || campaign AS k, amount, impressions, clicks, period_start::VARCHAR AS ps, period_end::VARCHAR AS pe FROM spend ORDER BY k",
      );
      expect(got.map((g) => g.k)).toEqual([...byCampaign.keys()].sort());
      for (const g of got) {
        const want = byCampaign.get(g.k)!;
        expect(g.amount).toBeCloseTo(want.amount, 6);
        expect([g.impressions, g.clicks, g.ps, g.pe]).toEqual([
          want.impressions,
          want.clicks,
          dates[0],
          dates[dates.length - 1],
        ]);
      }
      // ROI: the channel's spend is all of it (one period inside the report's range), cost per lead over its leads.
      const roi = await roiReport(store.conn);
      const byChannel = sums((a) => a.platform.toLowerCase());
      for (const ch of ["facebook", "google ads"]) {
        const row = roi.channels.find((x) => x.channel === ch)!;
        const n = leads.filter((l) => l.channel === ch).length;
        expect(row.spend).toBeCloseTo(byChannel.get(ch)!.amount, 6);
        expect(row.cost_per_lead).toBeCloseTo(byChannel.get(ch)!.amount / n, 6);
        expect(row.clicks).toBe(byChannel.get(ch)!.clicks);
        expect(row.cost_per_click).toBeCloseTo(byChannel.get(ch)!.amount / byChannel.get(ch)!.clicks, 6);
      }
      expect(roi.total.clicks).toBe(ads.reduce((s, a) => s + (a.clicks ?? 0), 0));
      // Loading the same export again replaces, never doubles.
      await ingest(store.conn, loadConfig(path), { force: true });
      const [t] = await all<{ n: number; amount: number }>(
        store.conn,
        "SELECT count(*)::INTEGER AS n, sum(amount) AS amount FROM spend",
      );
      expect(t.n).toBe(byCampaign.size);
      expect(t.amount).toBeCloseTo(
        ads.reduce((s, a) => s + a.spent, 0),
        6,
      );
      // A newer export (more leads, a wider window) replaces the lifetime spend instead of adding a second period.
      writeFileSync(join(dir, "leads.csv"), `${leadsCsv}L9999,2024-04-15,facebook,no\n`);
      await ingest(store.conn, loadConfig(path));
      const after = await all<{ n: number; amount: number; pe: string }>(
        store.conn,
        "SELECT count(*)::INTEGER AS n, sum(amount) AS amount, max(period_end)::VARCHAR AS pe FROM spend",
      );
      expect(after[0].n).toBe(byCampaign.size);
      expect(after[0].amount).toBeCloseTo(
        ads.reduce((s, a) => s + a.spent, 0),
        6,
      );
      expect(after[0].pe).toBe("2024-04-15");
    } finally {
      await store.close();
    }
  });

  it("dated rows repeating channel × period are summed, not rejected as duplicates", async () => {
    const dir = tempDir();
    const csv =
      "channel,start,end,amount\nfacebook,2024-01-01,2024-01-31,100\nfacebook,2024-01-01,2024-01-31,50.5\ngoogle ads,2024-01-01,2024-01-31,20\n";
    const path = writeSource(
      dir,
      { "leads.csv": leadsCsv, "ads.csv": csv },
      config({
        channel: "channel",
        campaign: undefined,
        impressions: undefined,
        clicks: undefined,
        period_start: "start",
        period_end: "end",
        amount: "amount",
      }),
    );
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      const res = await ingest(store.conn, loadConfig(path));
      expect(res.reject_reasons).toEqual([]);
      expect(res.notes).toContain("spend: 3 rows summed to 2 channel × period rows (total 170.5 USD)");
      expect(await all(store.conn, "SELECT channel, amount FROM spend ORDER BY channel")).toEqual([
        { channel: "facebook", amount: 150.5 },
        { channel: "google ads", amount: 20 },
      ]);
      // No clicks recorded: no cost per click claimed.
      expect((await roiReport(store.conn)).channels.map((c) => c.cost_per_click)).toEqual([null, null]);
    } finally {
      await store.close();
    }
  });

  it("refuses one period key without the other, naming it", () => {
    const path = writeSource(tempDir(), { "leads.csv": leadsCsv, "ads.csv": "" }, config({ period_start: "Day" }));
    expect(() => loadConfig(path)).toThrow(UserError);
    expect(() => loadConfig(path)).toThrow(/spend\.period_end: expected a date column beside period_start/);
  });
});
