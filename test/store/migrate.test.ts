import { describe, it, expect } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, all, schemaVersion, migrate, type Migration } from "../../lib/store/index.ts";
import { migrations } from "../../lib/store/migrations/index.ts";
import { versionOneStore } from "./versionOne.ts";

const canonical = [
  "leads",
  "attributes",
  "stages",
  "stage_events",
  "outcomes",
  "activities",
  "spend",
  "ingest_runs",
  "rejects",
  "quality_flags",
  "models",
  "scores",
  "meta",
];

describe("store migrations", () => {
  it("creates every canonical table and records the version", async () => {
    const s = await openStore(":memory:");
    const tables = (
      await all<{ name: string }>(s.conn, "SELECT table_name AS name FROM information_schema.tables")
    ).map((r) => r.name);
    for (const t of canonical) expect(tables).toContain(t);
    expect(await schemaVersion(s.conn)).toBe(Math.max(...migrations.map((m) => m.version)));
    await s.close();
  });

  it("opens a store made by an older version and upgrades it, keeping its data", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "leadlens-")), "old.duckdb");
    const old = await openStore(path);
    await old.conn.run("INSERT INTO leads (lead_id, source, run_id) VALUES ('L1', 's', 'r')");
    await old.close();
    const next: Migration = {
      version: 999,
      name: "test addition",
      sql: "ALTER TABLE leads ADD COLUMN test_col INTEGER",
    };
    const s = await openStore(path);
    const applied = await migrate(s.conn, [...migrations, next]);
    expect(applied).toEqual([999]);
    expect(await all(s.conn, "SELECT lead_id, test_col FROM leads")).toEqual([{ lead_id: "L1", test_col: null }]);
    expect(await migrate(s.conn, [...migrations, next])).toEqual([]);
    await s.close();
  });

  it("migration 2 moves a version-1 store's child rows to their lead's provenance, keeping every row", async () => {
    const path = await versionOneStore(async (conn) => {
      await conn.run(
        `INSERT INTO leads (lead_id, created_at, source, run_id) VALUES ('L1', '2024-01-01', 's', 'r1'), ('L2', '2024-01-02', 's', 'r1')`,
      );
      await conn.run(
        `INSERT INTO stage_events VALUES ('L1', 'lead', '2024-01-01', 's', 'r1'), ('L1', 'mql', '2024-01-05', 's', 'r1')`,
      );
      await conn.run(
        `INSERT INTO outcomes VALUES ('L1', 'won', '2024-02-01', 100, NULL, 's', 'r1'), ('L2', 'open', NULL, NULL, NULL, 's', 'r1')`,
      );
      await conn.run(`INSERT INTO activities VALUES ('L1', '2024-01-03', 'webinar', NULL, 's', 'r1')`);
    });
    const s = await openStore(path);
    expect(await schemaVersion(s.conn)).toBeGreaterThanOrEqual(2);
    const cols = await all<{ t: string; c: string; type: string }>(
      s.conn,
      `SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns
      WHERE table_name IN ('stage_events', 'outcomes', 'activities') ORDER BY table_name, ordinal_position`,
    );
    expect(cols.filter((r) => r.c === "source" || r.c === "run_id")).toEqual([]);
    expect(cols.find((r) => r.t === "outcomes" && r.c === "outcome")!.type).toMatch(
      /^ENUM\('disqualified', 'lost', 'open', 'won'\)$/,
    );
    // The stored lead events stay (no source is listed in stage_at_created until it is ingested again).
    expect(await all(s.conn, "SELECT lead_id, stage FROM stage_events ORDER BY entered_at")).toEqual([
      { lead_id: "L1", stage: "lead" },
      { lead_id: "L1", stage: "mql" },
    ]);
    expect(await all(s.conn, "SELECT count(*)::INTEGER AS n FROM stage_records")).toEqual([{ n: 2 }]);
    // Open outcomes with nothing recorded go; lead_outcomes still has every lead.
    expect(await all(s.conn, "SELECT lead_id, outcome FROM outcomes")).toEqual([{ lead_id: "L1", outcome: "won" }]);
    expect(await all(s.conn, "SELECT lead_id, outcome FROM lead_outcomes ORDER BY 1")).toEqual([
      { lead_id: "L1", outcome: "won" },
      { lead_id: "L2", outcome: "open" },
    ]);
    expect(
      await all(
        s.conn,
        "SELECT o.lead_id, o.outcome, o.amount, l.run_id FROM outcomes o JOIN leads l USING (lead_id) WHERE o.outcome = 'won'",
      ),
    ).toEqual([{ lead_id: "L1", outcome: "won", amount: 100, run_id: "r1" }]);
    expect(await all(s.conn, "SELECT count(*)::INTEGER AS n FROM activities")).toEqual([{ n: 1 }]);
    await expect(s.conn.run("INSERT INTO outcomes (lead_id, outcome) VALUES ('L3', 'converted')")).rejects.toThrow(
      /converted/,
    );
    await s.close();
  });

  it("refuses a store written by a newer leadlens", async () => {
    const s = await openStore(":memory:");
    await s.conn.run("INSERT INTO schema_version VALUES (10000, 'future', current_timestamp)");
    await expect(migrate(s.conn)).rejects.toThrow(/newer leadlens/);
    await s.close();
  });
});

describe("store memory limit", () => {
  it("applies memoryLimit (or LEADLENS_MEMORY_LIMIT) to DuckDB", async () => {
    const s = await openStore(":memory:", { memoryLimit: "1GB" });
    const [row] = await all<{ v: string }>(s.conn, "SELECT current_setting('memory_limit') AS v");
    expect(row.v).toMatch(/^(1\.0 GiB|953\.6 MiB|1000\.0 MB|1\.0 GB)$/);
    await s.close();
    process.env.LEADLENS_MEMORY_LIMIT = "512MB";
    try {
      const t = await openStore(":memory:");
      const [r2] = await all<{ v: string }>(t.conn, "SELECT current_setting('memory_limit') AS v");
      expect(r2.v).not.toBe(row.v);
      expect(r2.v).toMatch(/^(488\.2 MiB|512\.0 MB|500\.0 MiB)$/);
      await t.close();
    } finally {
      delete process.env.LEADLENS_MEMORY_LIMIT;
    }
  });
  it("defaults to 2GB, and 'duckdb' leaves DuckDB's own default (80% of RAM)", async () => {
    const limit = async (o: { memoryLimit?: string }) => {
      const s = await openStore(":memory:", o);
      const [r] = await all<{ v: string }>(s.conn, "SELECT current_setting('memory_limit') AS v");
      await s.close();
      return r.v;
    };
    expect(await limit({})).toBe("1.8 GiB"); // 2GB as DuckDB shows it (this machine has far more RAM)
    const own = await limit({ memoryLimit: "duckdb" });
    expect(own).not.toBe("1.8 GiB");
    expect(parseFloat(own)).toBeGreaterThan(2);
  });
  it("refuses a limit that is not a size, in one sentence", async () => {
    await expect(openStore(":memory:", { memoryLimit: "lots" })).rejects.toThrow(/expected a size such as 3GB/);
  });
});
