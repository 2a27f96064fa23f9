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
    writeFileSync(
      join(dir, "acts.jsonl"),
      `${[
        { lead: "P1", at: "2024-01-04 10:00:00", type: "email_open" },
        { lead: "P1", at: "2024-01-04 10:00:00", type: "email_open" },
        { lead: "P2", at: "not a date", type: "visit" },
        { lead: "P9", at: "2024-01-05", type: "visit" },
        { lead: "P2", at: "2024-01-05", type: null },
      ]
        .map((x) => JSON.stringify(x))
        .join("\n")}\n`,
    );
    const cfg = writeSource(
      dir,
      {},
      {
        source: "fmt",
        leads: {
          file: "leads.parquet",
          id: "id",
          created_at: "created",
          channel: { column: "channel", normalize: { case: "lower" } },
        },
        attributes: [{ name: "minutes", role: "intent.behavioral", type: "numeric" }],
        activities: { file: "acts.jsonl", lead_id: "lead", occurred_at: "at", activity_type: "type" },
      },
    );
    const r = await ingest(store.conn, loadConfig(cfg));
    expect(r.files.map((f) => [f.part, f.rows_read, f.rows_loaded, f.rows_rejected])).toEqual([
      ["leads", 2, 2, 0],
      ["activities", 5, 2, 3],
    ]);
    expect(await all(store.conn, "SELECT lead_id, channel, minutes, created_at FROM leads ORDER BY 1")).toEqual([
      { lead_id: "P1", channel: "email", minutes: 12.5, created_at: "2024-01-02 00:00:00" },
      { lead_id: "P2", channel: "web", minutes: null, created_at: "2024-01-03 00:00:00" },
    ]);
    // two identical activities are two events, not a duplicate
    expect(await all(store.conn, "SELECT lead_id, activity_type, count(*) AS n FROM activities GROUP BY ALL")).toEqual([
      { lead_id: "P1", activity_type: "email_open", n: 2 },
    ]);
    expect(await all(store.conn, 'SELECT source_row, "column", reason FROM rejects ORDER BY source_row')).toEqual([
      { source_row: 3, column: "at", reason: "unparseable date" },
      { source_row: 4, column: "lead", reason: "lead id not found in leads" },
      { source_row: 5, column: "type", reason: "missing activity type" },
    ]);
    await store.close();
  });

  it("treats a file column called source_row as data, not as row numbers", async () => {
    const dir = tempDir();
    const cfg = writeSource(
      dir,
      { "l.csv": "source_row,id\nx,A\n,\n" },
      {
        source: "sr",
        leads: { file: "l.csv", id: "id" },
        attributes: [{ name: "sr", column: "source_row", role: "id" }],
      },
    );
    const store = await openStore(":memory:");
    const r = await ingest(store.conn, loadConfig(cfg));
    expect(r).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    expect(await all(store.conn, "SELECT sr FROM leads")).toEqual([{ sr: "x" }]);
    expect(await all(store.conn, "SELECT source_row, reason FROM rejects")).toEqual([
      { source_row: 2, reason: "missing lead id" },
    ]);
    await store.close();
  });

  it("converts dates with an offset or zone to UTC in every file, takes dates without one as UTC, on any session time zone", async () => {
    const dir = tempDir();
    const cfg = writeSource(
      dir,
      {
        "leads.csv":
          "id,created,status,closed\n" +
          "A,2024-03-10T02:30:00-05:00,won,2024-03-12 23:00:00+14:00\n" +
          "B,2024-03-10T02:30:00+14:00,,\n" +
          "C,2024-03-10T02:30:00Z,,\n" +
          "D,2024-03-10 02:30:00,,\n" +
          "E,2024-03-10,,\n" +
          "F,2024-03-10 02:30:00.250 EST,,\n" +
          "G,2024-3-1 02:03:04+05,,\n", // 19 bytes like a plain date-time, yet with an offset
        "stages.csv": "lead,stage,at\nA,mql,2024-03-11T08:00:00+05:30\nD,mql,2024-03-11 08:00:00.5\n",
        "acts.csv": "lead,at,type\nB,2024-03-10T20:00:00-04:00,visit\n",
        "spend.csv": "channel,start,end,amount\nweb,2024-03-01T00:00:00+01:00,2024-03-31T12:00:00-13:00,10\n",
      },
      {
        source: "tz",
        leads: { file: "leads.csv", id: "id", created_at: "created" },
        outcome: { column: "status", won: ["won"], closed_at: "closed" },
        stages: { long: { file: "stages.csv", lead_id: "lead", stage: "stage", entered_at: "at" } },
        activities: { file: "acts.csv", lead_id: "lead", occurred_at: "at", activity_type: "type" },
        spend: { file: "spend.csv", channel: "channel", period_start: "start", period_end: "end", amount: "amount" },
      },
    );
    const store = await openStore(":memory:");
    // A machine in New York: a date without an offset is still taken as UTC, and the session keeps its zone.
    await store.conn.run("SET TimeZone = 'America/New_York'");
    const r = await ingest(store.conn, loadConfig(cfg));
    expect(r.rows_rejected).toBe(0);
    expect(await all(store.conn, "SELECT current_setting('TimeZone') AS z")).toEqual([{ z: "America/New_York" }]);
    expect(await all(store.conn, "SELECT lead_id, created_at FROM leads ORDER BY 1")).toEqual([
      { lead_id: "A", created_at: "2024-03-10 07:30:00" },
      { lead_id: "B", created_at: "2024-03-09 12:30:00" },
      { lead_id: "C", created_at: "2024-03-10 02:30:00" },
      { lead_id: "D", created_at: "2024-03-10 02:30:00" },
      { lead_id: "E", created_at: "2024-03-10 00:00:00" },
      { lead_id: "F", created_at: "2024-03-10 07:30:00.25" },
      { lead_id: "G", created_at: "2024-02-29 21:03:04" },
    ]);
    expect(await all(store.conn, "SELECT lead_id, closed_at FROM outcomes")).toEqual([
      { lead_id: "A", closed_at: "2024-03-12 09:00:00" },
    ]);
    expect(await all(store.conn, "SELECT lead_id, entered_at FROM stage_records ORDER BY 1")).toEqual([
      { lead_id: "A", entered_at: "2024-03-11 02:30:00" },
      { lead_id: "D", entered_at: "2024-03-11 08:00:00.5" },
    ]);
    expect(await all(store.conn, "SELECT occurred_at FROM activities")).toEqual([
      { occurred_at: "2024-03-11 00:00:00" },
    ]);
    // spend periods are dates: the UTC day of each end
    expect(await all(store.conn, "SELECT period_start::VARCHAR AS s, period_end::VARCHAR AS e FROM spend")).toEqual([
      { s: "2024-02-29", e: "2024-04-01" },
    ]);
    // a format with %z is converted the same way
    const alt = writeSource(
      join(dir, "alt"),
      { "alt.csv": "id,created\nZ,10/03/2024 02:30 -0500\n" },
      {
        source: "tz-alt",
        leads: { file: "alt.csv", id: "id", created_at: { column: "created", format: "%d/%m/%Y %H:%M %z" } },
      },
    );
    await ingest(store.conn, loadConfig(alt));
    expect(await all(store.conn, "SELECT created_at FROM leads WHERE lead_id = 'Z'")).toEqual([
      { created_at: "2024-03-10 07:30:00" },
    ]);
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
