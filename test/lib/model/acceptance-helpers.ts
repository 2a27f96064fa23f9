import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root and ../shared/data, from this file's location. */
export const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
export const sharedData = resolve(repo, "../shared/data");

/** Ingests with the real CLI into a fresh temp database and returns its path. */
export function ingest(...args: string[]): string {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-acc-")), "leads.duckdb");
  const r = spawnSync("node", ["cli/leadlens.js", "ingest", ...args, "--db", db], {
    cwd: repo, encoding: "utf8", env: { ...process.env, LEADLENS_QUIET: "1" },
  });
  if (r.status !== 0) throw new Error(`ingest ${args.join(" ")} failed: ${r.stderr}`);
  return db;
}
