import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../../lib/store/index.ts";

/** The repository root and the shared real data folder (../shared/data from the root). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED = resolve(ROOT, "../shared/data");

/** A fresh temp folder. */
export function tempDir(prefix = "leadlens-ingest-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes files (name → text) and a source.yml from `config` into `dir`; returns the config path. */
export function writeSource(dir: string, files: Record<string, string | Buffer>, config: object): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const path = join(dir, "source.yml");
  writeFileSync(path, stringify(config));
  return path;
}

const TABLES = [
  "leads",
  "attributes",
  "stages",
  "stage_records",
  "stage_at_created",
  "stage_events",
  "outcomes",
  "lead_outcomes",
  "activities",
  "spend",
  "ingest_runs",
  "rejects",
  "quality_flags",
  "meta",
];

/** Row count and an order-independent checksum of every canonical table, plus the leads columns. */
export async function snapshot(conn: DuckDBConnection): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) {
    const [r] = await all(
      conn,
      `SELECT count(*) AS n, coalesce(md5(string_agg(x::VARCHAR, '|' ORDER BY x::VARCHAR)), '') AS h FROM ${t} x`,
    );
    out[t] = r;
  }
  out.columns = (
    await all(
      conn,
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'leads' ORDER BY ordinal_position",
    )
  ).map((r) => r.column_name);
  return out;
}
