import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { startPostgres, type TestPostgres } from "../../setup/postgres.ts";
import { readPostgres } from "../../../loaders/postgres/index.ts";

// 1.5M rows of ~330 bytes of text each: about 0.5 GB crosses from PostgreSQL into DuckDB.
const ROWS = 1_500_000;
let pg: TestPostgres;
let dir: string;
let dataBytes = 0;

beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "leadlens-pgmem-"));
  const c = await pg.admin();
  await c.query(`CREATE TABLE big AS SELECT 'L' || g AS lead_id, (ARRAY['web','email','ads'])[1 + g % 3] AS channel,
    repeat(md5(g::text), 10) AS note FROM generate_series(1, ${ROWS}) g`);
  const r = await c.query(
    "SELECT sum(octet_length(lead_id) + octet_length(channel) + octet_length(note)) AS b FROM big",
  );
  dataBytes = Number(r.rows[0].b);
  await c.end();
});

afterAll(() => {
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("streams 1.5M rows with memory that does not grow with the data", async () => {
  // A file-backed DuckDB with a small buffer pool, so what we measure is the reader, not DuckDB's cache.
  const db = await DuckDBInstance.create(join(dir, "mem.duckdb"), { memory_limit: "64MB", threads: "1" });
  const conn = await db.connect();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let heapPeak = heap0;
  let rssPeak = rss0;
  const t0 = performance.now();
  const r = await readPostgres({ postgres: { table: "big", batch_size: 20_000 } }, conn, "ll_big", {
    part: "leads",
    configName: "memory",
    env: pg.env,
    onStep: () => {
      const m = process.memoryUsage();
      heapPeak = Math.max(heapPeak, m.heapUsed);
      rssPeak = Math.max(rssPeak, m.rss);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  expect(r.rowsRead).toBe(ROWS);
  const n = await conn.runAndReadAll("SELECT count(*)::INTEGER FROM ll_big");
  expect(Number(n.getRows()[0][0])).toBe(ROWS);
  conn.closeSync();
  db.closeSync();
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `postgres stream: ${ROWS} rows, ${mb(dataBytes)} of text in ${seconds.toFixed(1)} s; ` +
      `JS heap growth ${mb(heapPeak - heap0)}, RSS growth ${mb(rssPeak - rss0)} (peak RSS ${mb(rssPeak)})`,
  );
  // Holding the rows in JS would need more heap than the data itself; one batch is ~7 MB, and V8
  // collects lazily (measured: ~115 MiB growth for 473 MiB of text), hence the factor 2 margin.
  expect(heapPeak - heap0).toBeLessThan(dataBytes / 2);
  // RSS includes DuckDB's own buffers (bounded by memory_limit) and allocator slack.
  expect(rssPeak - rss0).toBeLessThan(dataBytes);
});
