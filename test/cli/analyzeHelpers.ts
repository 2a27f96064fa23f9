import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root and the shared data folder next to it. */
export const root = fileURLToPath(new URL("../../", import.meta.url));
export const shared = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

/** Runs the leadlens command from the repository root. */
export function leadlens(...args: string[]) {
  return spawnSync("node", ["cli/leadlens.js", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1", NO_COLOR: "1" },
  });
}

/** Ingests a source with the real CLI into a fresh temporary database; returns its path. */
export function ingestInto(...args: string[]): string {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-analyze-")), "store.duckdb");
  const r = leadlens("ingest", ...args, "--db", db);
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  return db;
}

/** Runs `leadlens analyze …--json` and parses its output. */
export function analyzeJson<T = any>(db: string, ...args: string[]): T {
  const r = leadlens("analyze", ...args, "--db", db, "--json");
  if (r.status !== 0) throw new Error(`analyze ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
