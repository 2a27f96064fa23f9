import { describe, it, expect } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, all, schemaVersion, migrate, type Migration } from "../../lib/store/index.ts";
import { migrations } from "../../lib/store/migrations/index.ts";

const canonical = ["leads", "attributes", "stages", "stage_events", "outcomes", "activities", "spend", "ingest_runs", "rejects", "quality_flags", "models", "scores", "meta"];

describe("store migrations", () => {
  it("creates every canonical table and records the version", async () => {
    const s = await openStore(":memory:");
    const tables = (await all<{ name: string }>(s.conn, "SELECT table_name AS name FROM information_schema.tables")).map((r) => r.name);
    for (const t of canonical) expect(tables).toContain(t);
    expect(await schemaVersion(s.conn)).toBe(Math.max(...migrations.map((m) => m.version)));
    await s.close();
  });

  it("opens a store made by an older version and upgrades it, keeping its data", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "leadlens-")), "old.duckdb");
    const old = await openStore(path);
    await old.conn.run("INSERT INTO leads (lead_id, source, run_id) VALUES ('L1', 's', 'r')");
    await old.close();
    const next: Migration = { version: 999, name: "test addition", sql: "ALTER TABLE leads ADD COLUMN test_col INTEGER" };
    const s = await openStore(path);
    const applied = await migrate(s.conn, [...migrations, next]);
    expect(applied).toEqual([999]);
    expect(await all(s.conn, "SELECT lead_id, test_col FROM leads")).toEqual([{ lead_id: "L1", test_col: null }]);
    expect(await migrate(s.conn, [...migrations, next])).toEqual([]);
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
