import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { openStore, literal } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { CACHE, demoDir, storePath } from "../paths.ts";
import { timed } from "../timer.ts";
import { LEADS_ONLY } from "./data.ts";

function removeDb(path: string): void {
  for (const suffix of ["", ".wal"]) rmSync(path + suffix, { force: true });
}

/**
 * One ingest measurement into a fresh DuckDB file:
 * - `leadlens`: `ingest` of the full demo config (leads, outcomes, stage events, spend) → the size's store;
 * - `leadlens-leads`: `ingest` of the leads-only config (validation and rejects included);
 * - `duckdb-leads`: DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv on the same leads file;
 * - `duckdb-all`: the same for every CSV file of the demo.
 * Timed from open to close (close flushes the WAL into the file).
 */
export default async function ingestStep(args: {
  size: string;
  mode: "leadlens" | "leadlens-leads" | "duckdb-leads" | "duckdb-all";
}) {
  const dir = demoDir(args.size);
  if (args.mode === "leadlens" || args.mode === "leadlens-leads") {
    const db = args.mode === "leadlens" ? storePath(args.size) : join(CACHE, `ingest-leads-${args.size}.duckdb`);
    removeDb(db);
    const r = await timed(async () => {
      const store = await openStore(db);
      const result = await ingest(
        store.conn,
        loadConfig(join(dir, args.mode === "leadlens" ? "demo.yml" : LEADS_ONLY)),
      );
      await store.close();
      return result;
    });
    if (args.mode === "leadlens-leads") removeDb(db);
    return {
      s: r.s,
      cpu_s: r.cpu_s,
      rows_read: r.value.rows_read,
      rows_loaded: r.value.rows_loaded,
      rows_rejected: r.value.rows_rejected,
    };
  }
  const db = join(CACHE, `raw-${args.size}.duckdb`);
  removeDb(db);
  const files = args.mode === "duckdb-leads" ? ["leads.csv"] : readdirSync(dir).filter((f) => f.endsWith(".csv"));
  const r = await timed(async () => {
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    for (const f of files)
      await conn.run(`CREATE TABLE "${f.replace(".csv", "")}" AS SELECT * FROM read_csv(${literal(join(dir, f))})`);
    conn.closeSync();
    instance.closeSync();
  });
  removeDb(db);
  return { s: r.s, cpu_s: r.cpu_s, files };
}
