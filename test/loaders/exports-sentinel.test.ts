/**
 * Issue 14, sentinels: pdays is 999 ("never contacted") on ~96% of the bank export's rows and 0–27
 * on the rest. Undeclared, ingest reports it (summary and quality_flags); declared as a sentinel it
 * is stored as missing, and the fit keeps pdays with the two groups' own conversion rates.
 */
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { openStore, all } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { fitModel } from "../../lib/model/index.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import { tempDir, writeSource } from "./helpers.ts";
import { bankCsv, bankRows } from "./fixtures/exports.ts";

const rows = bankRows(6000);
const contacted = rows.filter((r) => r.pdays !== 999);
const never = rows.filter((r) => r.pdays === 999);
const yes = (xs: typeof rows) => xs.filter((r) => r.y === "yes").length;

const config = (sentinel?: number[]) => ({
  source: "bank",
  leads: { file: "bank.csv" },
  missing: ["", "unknown"],
  attributes: [
    { name: "job", role: "fit.demographic" },
    { name: "pdays", role: "intent.behavioral", type: "numeric", ...(sentinel ? { sentinel } : {}) },
  ],
  outcome: { column: "y", won: ["yes"], lost: ["no"] },
});

async function load(sentinel?: number[]) {
  const dir = tempDir();
  const path = writeSource(dir, { "bank.csv": bankCsv(rows) }, config(sentinel));
  const store = await openStore(join(dir, "db.duckdb"));
  return { store, r: await ingest(store.conn, loadConfig(path)) };
}

describe("attributes[].sentinel", () => {
  it("the fixture is what the issue describes", () => {
    expect(never.length / rows.length).toBeGreaterThan(0.95);
    expect(Math.max(...contacted.map((r) => r.pdays))).toBeLessThanOrEqual(27);
    expect(yes(contacted) / contacted.length).toBeGreaterThan(0.55);
    expect(yes(never) / never.length).toBeLessThan(0.12);
  });

  it("undeclared: reported in the summary and quality_flags, and the fit drops pdays as constant", async () => {
    const { store, r } = await load();
    try {
      const line = `attributes[1]: likely sentinel value: pdays is 999 on ${never.length.toLocaleString("en-US")} of 6,000 filled rows (${Math.round((100 * never.length) / 6000)}%), far outside the other values (${Math.min(...contacted.map((x) => x.pdays))} to ${Math.max(...contacted.map((x) => x.pdays))})`;
      expect(
        r.notes.find((n) => n.startsWith(line)),
        r.notes.join("\n"),
      ).toMatch(/attributes\[1\]\.sentinel: \[999\]$/);
      const flags = await all<{ column: string; value: string; lead_id: string | null }>(
        store.conn,
        'SELECT "column", value, lead_id FROM quality_flags',
      );
      expect(flags).toEqual([{ column: "pdays", value: "999", lead_id: null }]);
      expect(r.flags).toBe(0); // no loaded row carries a note: the note is on the column
      const [{ n }] = await all<{ n: number }>(
        store.conn,
        "SELECT count(*)::INTEGER AS n FROM leads WHERE pdays = 999",
      );
      expect(n).toBe(never.length);
      const m = await fitModel(store.conn, { validation: "kfold" });
      expect(m.warnings.join(" ")).toMatch(/Left out \(one value for every training lead.*pdays/);
    } finally {
      await store.close();
    }
  });

  it("declared: stored as missing, counted, and the fit keeps pdays with both groups' rates", async () => {
    const { store, r } = await load([999]);
    try {
      expect(r.rows_rejected).toBe(0);
      expect(r.notes).toContain(
        `attributes[1].sentinel: ${never.length.toLocaleString("en-US")} of 6,000 rows of pdays hold 999: stored as missing (its own level, not a number)`,
      );
      expect(r.notes.some((n) => n.includes("likely sentinel"))).toBe(false);
      const [c] = await all<{ nulls: number; max: number }>(
        store.conn,
        "SELECT count(*) FILTER (pdays IS NULL)::INTEGER AS nulls, max(pdays) AS max FROM leads",
      );
      expect(c).toEqual({ nulls: never.length, max: Math.max(...contacted.map((x) => x.pdays)) });
      const m = await fitModel(store.conn, { validation: "kfold" });
      expect(m.warnings.join(" ")).not.toMatch(/Left out[^.]*pdays/);
      const pdays = m.attributes.find((i) => i.name === "pdays")!;
      expect(pdays).toBeDefined();
      // Training counts of the fit's levels against the rows themselves (k-fold trains on every lead).
      const miss = pdays.levels.find((l) => l.level === "missing")!;
      expect([miss.leads, miss.conversions]).toEqual([never.length, yes(never)]);
      const bins = pdays.levels.filter((l) => l.level !== "missing");
      expect(bins.reduce((s, l) => s + l.leads, 0)).toBe(contacted.length);
      expect(bins.reduce((s, l) => s + l.conversions, 0)).toBe(yes(contacted));
    } finally {
      await store.close();
    }
  });

  it("a file larger than the screening sample gets the exact figures of the whole file", async () => {
    const big = bankRows(50_000, 7);
    const nev = big.filter((x) => x.pdays === 999).length;
    const dir = tempDir();
    const path = writeSource(dir, { "bank.csv": bankCsv(big) }, config());
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      const r = await ingest(store.conn, loadConfig(path));
      expect(r.notes.find((x) => x.includes("likely sentinel"))).toContain(
        `pdays is 999 on ${nev.toLocaleString("en-US")} of 50,000 filled rows`,
      );
    } finally {
      await store.close();
    }
  });

  it("is refused on a non-numeric attribute, naming the key", () => {
    const c = config();
    (c.attributes[0] as Record<string, unknown>).sentinel = [999];
    const path = writeSource(tempDir(), { "bank.csv": "" }, c);
    expect(() => loadConfig(path)).toThrow(UserError);
    expect(() => loadConfig(path)).toThrow(/attributes\[0\]\.sentinel: expected type: numeric/);
  });
});
