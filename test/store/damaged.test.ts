import { describe, it, expect, beforeAll } from "vitest";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { all, damagedStore, openStore } from "../../lib/store/index.ts";
import { UserError } from "../../lib/errors/UserError.ts";

const dir = mkdtempSync(join(tmpdir(), "leadlens-damaged-"));
const file = (name: string) => join(dir, name);

/** A real store with 300,000 leads (about 7 MB), closed; returns its path and the data blocks of `leads`. */
async function realStore(name: string): Promise<{ path: string; blocks: number[]; blockSize: number }> {
  const path = file(name);
  const s = await openStore(path);
  await s.conn.run(`INSERT INTO leads (lead_id, created_at, source, run_id)
    SELECT 'L' || i || md5(i::VARCHAR), TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE, 't', 'r' FROM range(300000) t(i)`);
  await s.conn.run("CHECKPOINT");
  const blocks = await all<{ b: number }>(
    s.conn,
    "SELECT DISTINCT block_id AS b FROM pragma_storage_info('leads') WHERE persistent AND block_id >= 0 ORDER BY 1",
  );
  const [size] = await all<{ block_size: number }>(s.conn, "SELECT block_size FROM pragma_database_size()");
  await s.close();
  return { path, blocks: blocks.map((r) => Number(r.b)), blockSize: Number(size.block_size) };
}

/** Overwrites the start of each block with garbage, keeping the file's size (DuckDB's file: 3 headers of 4 KiB, then blocks). */
function spoilBlocks(path: string, blocks: number[], blockSize: number): void {
  const fd = openSync(path, "r+");
  for (const b of blocks) writeSync(fd, randomBytes(4096), 0, 4096, 3 * 4096 + b * blockSize + 64);
  closeSync(fd);
}

const paragraph = (path: string) =>
  new RegExp(
    `^The database ${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is damaged or is not a leadlens database: DuckDB cannot read it \\(.+\\)\\. .*leadlens ingest`,
  );

describe("a store file DuckDB cannot read", () => {
  it("random bytes: refused at open, read-only or not, in one paragraph naming the file", async () => {
    writeFileSync(file("random.duckdb"), randomBytes(100_000));
    for (const readOnly of [true, false]) {
      const err = await openStore(file("random.duckdb"), { readOnly }).catch((e) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toMatch(paragraph(file("random.duckdb")));
      expect(err.message).not.toContain("\n");
    }
  });

  it("a real store cut in half: refused at open", async () => {
    const { path } = await realStore("cut.duckdb");
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const err = await openStore(path, { readOnly: true }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(paragraph(path));
  });

  it("a damaged data block: the query that reaches it fails, and damagedStore names the file", async () => {
    const { path, blocks, blockSize } = await realStore("spoilt.duckdb");
    expect(blocks.length).toBeGreaterThan(3);
    spoilBlocks(path, blocks, blockSize);
    const s = await openStore(path, { readOnly: true }); // the catalog is intact: the damage shows on reading leads
    const err = await all(s.conn, "SELECT count(DISTINCT lead_id) AS n FROM leads").catch((e) => e);
    await s.close();
    expect(err).not.toBeInstanceOf(UserError);
    expect(err.message).toMatch(/checksum/);
    // DuckDB's checksum message has no file name: it comes from the store opened last.
    expect(damagedStore(err)?.message).toMatch(paragraph(path));
  });

  it("leaves other errors alone, a short read of another file included", async () => {
    await (await openStore(file("fine.duckdb"))).close();
    expect(damagedStore(new Error("Catalog Error: Table with name nope does not exist!"))).toBeNull();
    expect(
      damagedStore(
        new Error(
          'IO Error: Could not read enough bytes from file "/data/exports/leads.parquet": attempted to read 4096 bytes',
        ),
      ),
    ).toBeNull();
  });
});

describe("read-only opens check what migrate checks", () => {
  let newer: string;
  beforeAll(async () => {
    newer = file("newer.duckdb");
    const s = await openStore(newer);
    await s.conn.run("INSERT INTO schema_version VALUES (10000, 'future', current_timestamp)");
    await s.close();
  });

  it("refuses a store written by a newer leadlens, read-only as read-write, naming the file", async () => {
    for (const readOnly of [true, false]) {
      const err = await openStore(newer, { readOnly }).catch((e) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toMatch(
        new RegExp(
          `^The database ${newer.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} was written by a newer leadlens \\(schema version 10000; this one knows up to \\d+\\)`,
        ),
      );
    }
    // Refused, not changed: the file still says 10000.
    const db = await DuckDBInstance.create(newer, { access_mode: "READ_ONLY" });
    const c = await db.connect();
    expect(Number((await (await c.runAndReadAll("SELECT max(version) FROM schema_version")).getRows())[0][0])).toBe(
      10000,
    );
    c.closeSync();
    db.closeSync();
  });

  it("refuses a DuckDB file that is not a leadlens store", async () => {
    const other = file("other.duckdb");
    const db = await DuckDBInstance.create(other);
    const c = await db.connect();
    await c.run("CREATE TABLE t AS SELECT 1 AS x");
    c.closeSync();
    db.closeSync();
    const err = await openStore(other, { readOnly: true }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/is a DuckDB file but not a leadlens database \(it has no schema_version table\)/);
    expect(readFileSync(other).length).toBeGreaterThan(0);
  });
});
