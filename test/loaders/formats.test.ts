import { describe, it, expect } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore, all, literal } from "../../lib/store/index.ts";
import { ingest, loadConfig, formatOf } from "../../loaders/index.ts";
import { tempDir, writeSource } from "./helpers.ts";

describe("file formats and side files", () => {
  it("reads Parquet and JSON lines like CSV, and loads activities with their checks", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    // A Parquet leads file with typed columns (they are read as text, then checked like any file).
    await store.conn.run(`COPY (SELECT * FROM (VALUES ('P1', DATE '2024-01-02', 'Email', 12.5), ('P2', DATE '2024-01-03', 'web', NULL)) t(id, created, channel, minutes))
      TO ${literal(join(dir, "leads.parquet"))} (FORMAT parquet)`);
    writeFileSync(join(dir, "acts.jsonl"), [
      { lead: "P1", at: "2024-01-04 10:00:00", type: "email_open" },
      { lead: "P1", at: "2024-01-04 10:00:00", type: "email_open" },
      { lead: "P2", at: "not a date", type: "visit" },
      { lead: "P9", at: "2024-01-05", type: "visit" },
      { lead: "P2", at: "2024-01-05", type: null },
    ].map((x) => JSON.stringify(x)).join("\n") + "\n");
    const cfg = writeSource(dir, {}, {
      source: "fmt",
      leads: { file: "leads.parquet", id: "id", created_at: "created", channel: { column: "channel", normalize: { case: "lower" } } },
      attributes: [{ name: "minutes", role: "intent.behavioral", type: "numeric" }],
      activities: { file: "acts.jsonl", lead_id: "lead", occurred_at: "at", activity_type: "type" },
    });
    const r = await ingest(store.conn, loadConfig(cfg));
    expect(r.files.map((f) => [f.part, f.rows_read, f.rows_loaded, f.rows_rejected])).toEqual([["leads", 2, 2, 0], ["activities", 5, 2, 3]]);
    expect(await all(store.conn, "SELECT lead_id, channel, minutes, created_at FROM leads ORDER BY 1")).toEqual([
      { lead_id: "P1", channel: "email", minutes: 12.5, created_at: "2024-01-02 00:00:00" },
      { lead_id: "P2", channel: "web", minutes: null, created_at: "2024-01-03 00:00:00" },
    ]);
    // two identical activities are two events, not a duplicate
    expect(await all(store.conn, "SELECT lead_id, activity_type, count(*) AS n FROM activities GROUP BY ALL")).toEqual([{ lead_id: "P1", activity_type: "email_open", n: 2 }]);
    expect(await all(store.conn, 'SELECT source_row, "column", reason FROM rejects ORDER BY source_row')).toEqual([
      { source_row: 3, column: "at", reason: "unparseable date" },
      { source_row: 4, column: "lead", reason: "lead id not found in leads" },
      { source_row: 5, column: "type", reason: "missing activity type" },
    ]);
    await store.close();
  });

  it("treats a file column called source_row as data, not as row numbers", async () => {
    const dir = tempDir();
    const cfg = writeSource(dir, { "l.csv": "source_row,id\nx,A\n,\n" }, { source: "sr", leads: { file: "l.csv", id: "id" }, attributes: [{ name: "sr", column: "source_row", role: "id" }] });
    const store = await openStore(":memory:");
    const r = await ingest(store.conn, loadConfig(cfg));
    expect(r).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    expect(await all(store.conn, "SELECT sr FROM leads")).toEqual([{ sr: "x" }]);
    expect(await all(store.conn, "SELECT source_row, reason FROM rejects")).toEqual([{ source_row: 2, reason: "missing lead id" }]);
    await store.close();
  });

  it("picks the reader from the extension unless format is given", () => {
    expect(formatOf({ file: "a.parquet" })).toBe("parquet");
    expect(formatOf({ file: "a.ndjson" })).toBe("jsonl");
    expect(formatOf({ file: "a.txt" })).toBe("csv");
    expect(formatOf({ file: "a.txt", format: "jsonl" })).toBe("jsonl");
    expect(formatOf({ postgres: { table: "t" } })).toBe("postgres");
  });
});
