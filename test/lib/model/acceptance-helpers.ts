import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runInProcess } from "../../cli/inProcess.ts";

/** The repository root and ../shared/data, from this file's location. */
export const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
export const sharedData = resolve(repo, "../shared/data");

/** Ingests with the real CLI (in this process: `leadlens ingest` as main() runs it) into a fresh temp database and returns its path. */
export async function ingest(...args: string[]): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-acc-")), "leads.duckdb");
  const r = await runInProcess("ingest", ...args, "--db", db);
  if (r.status !== 0) throw new Error(`ingest ${args.join(" ")} failed: ${r.stderr}`);
  return db;
}
