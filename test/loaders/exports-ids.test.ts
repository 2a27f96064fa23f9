/**
 * Issue 14, ids: an export with no id column (the UCI bank-marketing shape: `;`, quoted, CRLF,
 * `unknown` for missing) loads with `leads.id` omitted (row numbers) or made from a hash of columns.
 */
import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { openStore, all } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import { tempDir, writeSource } from "./helpers.ts";
import { bankCsv, bankRows, type BankRow } from "./fixtures/exports.ts";

const rows = bankRows(600);
const config = (id?: object) => ({
  source: "bank",
  leads: { file: "bank.csv", ...(id ? { id } : {}) },
  missing: ["", "unknown"],
  attributes: [
    { name: "age", role: "fit.demographic", type: "numeric" },
    { name: "job", role: "fit.demographic" },
    { name: "education", role: "fit.demographic" },
    { name: "month", role: "intent.behavioral" },
  ],
  outcome: { column: "y", won: ["yes"], lost: ["no"] },
});

/** The id leadlens promises for `{ hash: [age, job, month, campaign] }`, computed here with node's md5. */
function expectedHash(r: BankRow): string {
  const v = [r.age, r.job, r.month, r.campaign].map((x) => (x === "unknown" ? "\x1e" : String(x)));
  return createHash("md5").update(v.join("\x1f")).digest("hex").slice(0, 16);
}

describe("leads.id omitted: row numbers", () => {
  it("loads every row, reads CRLF and `unknown`, ids are the row numbers, and the summary says so", async () => {
    const dir = tempDir();
    const path = writeSource(dir, { "bank.csv": bankCsv(rows) }, config());
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      const r = await ingest(store.conn, loadConfig(path));
      expect(r.rows_read).toBe(rows.length);
      expect(r.rows_rejected).toBe(0);
      expect(r.notes.some((n) => /^leads\.id: the lead ids of the 600 loaded rows are their row numbers/.test(n))).toBe(
        true,
      );
      const got = await all<{ lead_id: string; job: string | null; outcome: string }>(
        store.conn,
        "SELECT lead_id, job::VARCHAR AS job, outcome::VARCHAR AS outcome FROM leads JOIN lead_outcomes USING (lead_id) ORDER BY lead_id::INTEGER",
      );
      expect(got.map((g) => g.lead_id)).toEqual(rows.map((_, i) => String(i + 1)));
      // Row i+1 is rows[i]: its job (NULL for `unknown`) and outcome (CRLF would leave "no\r", not recognised).
      expect(got.map((g) => g.job)).toEqual(rows.map((x) => (x.job === "unknown" ? null : x.job)));
      expect(got.filter((g) => g.outcome === "won").length).toBe(rows.filter((x) => x.y === "yes").length);
      // A re-ordered export gets other ids: row 1 is now the last row of the original.
      writeFileSync(join(dir, "bank.csv"), bankCsv([...rows].reverse()));
      await ingest(store.conn, loadConfig(path));
      const [first] = await all<{ age: number }>(store.conn, "SELECT age FROM leads WHERE lead_id = '1'");
      expect(first.age).toBe(rows[rows.length - 1].age);
    } finally {
      await store.close();
    }
  });

  it("`{ row_number: true }` is the same; a wrong id mapping is refused naming leads.id", async () => {
    const dir = tempDir();
    const path = writeSource(dir, { "bank.csv": bankCsv(rows.slice(0, 5)) }, config({ row_number: true }));
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      expect((await ingest(store.conn, loadConfig(path))).rows_loaded).toBe(5);
    } finally {
      await store.close();
    }
    const bad = writeSource(tempDir(), { "bank.csv": "" }, config({ hash: [] }));
    expect(() => loadConfig(bad)).toThrow(UserError);
    expect(() => loadConfig(bad)).toThrow(/leads\.id/);
    // No other file can name a made id.
    const joined = writeSource(
      tempDir(),
      { "bank.csv": "" },
      {
        ...config({ hash: ["age"] }),
        activities: { file: "bank.csv", lead_id: "age", occurred_at: "month", activity_type: "job" },
      },
    );
    expect(() => loadConfig(joined)).toThrow(
      /leads\.id: expected the lead id column \(activities join on it by lead id\), got a hash of columns/,
    );
  });
});

describe("leads.id: { hash: [columns] }", () => {
  it("makes the documented id from the values, stable when the export is re-ordered", async () => {
    const dir = tempDir();
    const cfg = config({ hash: ["age", "job", "month", "campaign"] });
    const path = writeSource(dir, { "bank.csv": bankCsv(rows) }, cfg);
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      const r = await ingest(store.conn, loadConfig(path));
      // Rows sharing all four values share an id: identical rows collapse, differing ones are rejected.
      const byId = new Map<string, BankRow[]>();
      for (const x of rows) byId.set(expectedHash(x), [...(byId.get(expectedHash(x)) ?? []), x]);
      // "Identical" over the columns the config reads (the others are not loaded).
      const read = (x: BankRow) => JSON.stringify([x.age, x.job, x.education, x.month, x.campaign, x.y]);
      const clash = [...byId.values()].filter((g) => g.length > 1 && new Set(g.map(read)).size > 1);
      const clean = [...byId.entries()]
        .filter(([, g]) => !clash.includes(g))
        .map(([id]) => id)
        .sort();
      expect(r.rows_rejected).toBe(clash.flat().length);
      const ids = (await all<{ lead_id: string }>(store.conn, "SELECT lead_id FROM leads ORDER BY lead_id")).map(
        (x) => x.lead_id,
      );
      expect(ids).toEqual(clean);
      expect(
        r.notes.some((n) =>
          n.startsWith(
            `leads.id: the lead ids of the ${rows.length - r.rows_rejected} loaded rows are made from hash(age, job, month, campaign)`,
          ),
        ),
      ).toBe(true);
      const before = await all(store.conn, "SELECT lead_id, age, job::VARCHAR AS job FROM leads ORDER BY lead_id");
      writeFileSync(join(dir, "bank.csv"), bankCsv([...rows].reverse()));
      const again = await ingest(store.conn, loadConfig(path));
      expect(again.status).toBe("loaded");
      expect(await all(store.conn, "SELECT lead_id, age, job::VARCHAR AS job FROM leads ORDER BY lead_id")).toEqual(
        before,
      );
    } finally {
      await store.close();
    }
  });
});
