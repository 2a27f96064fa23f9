/**
 * Issue 14, value maps: a CRM export whose free-text industry has typos and synonyms, and whose
 * channel is spelled differently by the CRM and the ad export, loads into one level per meaning.
 */
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { openStore, all } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { tempDir, writeSource } from "./helpers.ts";
import { rng } from "./fixtures/exports.ts";

const r = rng(33);
const INDUSTRY = ["Technology", "technolgy", "Tech ", "Healthcare", "Health Care", "Retail", "retial", ""];
const CHANNEL = ["Google Ads", "AdWords", "google", "Email"];
const leads = Array.from({ length: 400 }, (_, i) => ({
  id: `C-${1000 + i}`,
  industry: INDUSTRY[Math.floor(r() * INDUSTRY.length)],
  channel: CHANNEL[Math.floor(r() * CHANNEL.length)],
}));
const csv = `"Record ID","Industry","Original Source"\r\n${leads.map((l) => `"${l.id}","${l.industry}","${l.channel}"`).join("\r\n")}\r\n`;
const spendCsv = "Source,Start,End,Cost\r\ngoogle,2024-01-01,2024-01-31,300\r\nemail,2024-01-01,2024-01-31,50\r\n";
const industryMap = { technolgy: "technology", tech: "technology", "health care": "healthcare", fintec: "fintech" };

/** The canonical industry of a raw value, computed here: trim, lower-case, then the map. */
const canon = (v: string) => {
  const x = v.trim().toLowerCase();
  return x === "" ? null : ((industryMap as Record<string, string>)[x] ?? x);
};
const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;

describe("map: raw values to canonical ones", () => {
  it("stores one level per meaning and reports rows mapped, unused entries and values left alone", async () => {
    const dir = tempDir();
    const path = writeSource(
      dir,
      { "crm.csv": csv, "spend.csv": spendCsv },
      {
        source: "crm",
        leads: {
          file: "crm.csv",
          id: "Record ID",
          channel: {
            column: "Original Source",
            normalize: { case: "lower" },
            map: { "google ads": "google", adwords: "google" },
          },
        },
        attributes: [
          {
            name: "industry",
            column: "Industry",
            role: "fit.firmographic",
            normalize: { case: "lower" },
            map: industryMap,
          },
        ],
        spend: { file: "spend.csv", channel: "Source", period_start: "Start", period_end: "End", amount: "Cost" },
      },
    );
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      const res = await ingest(store.conn, loadConfig(path));
      expect(res.rows_rejected).toBe(0);
      const got = await all<{ industry: string | null; n: number }>(
        store.conn,
        "SELECT industry::VARCHAR AS industry, count(*)::INTEGER AS n FROM leads GROUP BY 1 ORDER BY 1 NULLS LAST",
      );
      const want = new Map<string | null, number>();
      for (const l of leads) want.set(canon(l.industry), (want.get(canon(l.industry)) ?? 0) + 1);
      expect(got).toEqual(
        [...want.entries()]
          .sort((a, b) => (a[0] === null ? 1 : b[0] === null ? -1 : a[0] < b[0] ? -1 : 1))
          .map(([industry, n]) => ({ industry, n })),
      );
      expect(got.map((g) => g.industry)).toEqual(["healthcare", "retail", "retial", "technology", null]);
      const [tl, th, hc, rt] = [
        count(leads, (l) => l.industry === "technolgy"),
        count(leads, (l) => l.industry === "Tech "),
        count(leads, (l) => l.industry === "Health Care"),
        count(leads, (l) => l.industry === "retial"),
      ];
      const rl = count(leads, (l) => l.industry === "Retail");
      const line = res.notes.find((x) => x.startsWith("attributes[0].map: "));
      const used = [
        ["health care", "healthcare", hc],
        ["tech", "technology", th],
        ["technolgy", "technology", tl],
      ].sort((a, b) => Number(b[2]) - Number(a[2]) || String(a[0]).localeCompare(String(b[0])));
      expect(line).toBe(
        `attributes[0].map: ${tl + th + hc} rows mapped (${used.map(([k, t, n]) => `${k} → ${t} ${n}`).join(", ")}); entries no row used: fintec; 2 value(s) in ${rt + rl} rows neither mapped nor a target: ${[
          ["retial", rt],
          ["retail", rl],
        ]
          .sort((a, b) => Number(b[1]) - Number(a[1]))
          .map(([v, n]) => `"${v}" (${n})`)
          .join(", ")}`,
      );
      // The channel map applies to spend too, so google spend meets the leads of all three spellings.
      const ch = await all<{ channel: string; n: number }>(
        store.conn,
        "SELECT channel::VARCHAR AS channel, count(*)::INTEGER AS n FROM leads GROUP BY 1 ORDER BY 1",
      );
      expect(ch).toEqual([
        { channel: "email", n: count(leads, (l) => l.channel === "Email") },
        { channel: "google", n: count(leads, (l) => l.channel !== "Email") },
      ]);
      expect(await all(store.conn, "SELECT channel, amount FROM spend ORDER BY channel")).toEqual([
        { channel: "email", amount: 50 },
        { channel: "google", amount: 300 },
      ]);
      expect(res.notes.find((x) => x.startsWith("leads.channel.map: "))).toMatch(
        /^leads\.channel\.map: \d+ rows mapped .*; 1 value\(s\) in \d+ rows neither mapped nor a target: "email"/,
      );
    } finally {
      await store.close();
    }
  });
});
