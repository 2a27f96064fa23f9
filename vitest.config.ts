import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const ROOT = fileURLToPath(new URL(".", import.meta.url));

/**
 * Which project a test file belongs to, from what it touches, so a new file lands in the right one
 * without editing a list:
 * - e2e: test/e2e/ (builds sites, drives Chromium), files that run the `leadlens` command as a
 *   child process (test/cli/, or naming cli/leadlens.js; each start costs a second or more) and
 *   files that build a report site (buildReport: an Observable build, tens of seconds);
 * - postgres: imports test/setup/postgres (starts a PostgreSQL server);
 * - real-data: reads ../shared/data, directly or through a helper's SHARED / sharedData / shared /
 *   realStore (ingests the Olist or X Education dataset), CLI or not;
 * - unit: the rest, in process on small or synthetic inputs.
 */
function projectOf(file: string): "e2e" | "postgres" | "real-data" | "unit" {
  if (file.startsWith("test/e2e/")) return "e2e";
  const source = readFileSync(join(ROOT, file), "utf8");
  if (/setup\/postgres/.test(source)) return "postgres";
  if (/shared\/data|\bimport\b[^;]*\b(SHARED|sharedData|shared|realStore)\b[^;]*\bfrom\b/.test(source))
    return "real-data";
  if (file.startsWith("test/cli/") || /cli\/leadlens\.js|"cli", "leadlens\.js"|\bbuildReport\(/.test(source))
    return "e2e";
  return "unit";
}

const files = (readdirSync(join(ROOT, "test"), { recursive: true }) as string[])
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `test/${f.split("\\").join("/")}`)
  .sort();
const of = (name: string) => files.filter((f) => projectOf(f) === name);

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // DuckDB files, child processes, browsers and servers: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    // Compiles the CLI first when a source is newer than build/cli, so spawned `leadlens` runs
    // start in 0.1 s instead of going through tsx (and never run stale code).
    globalSetup: ["test/setup/build-cli.ts"],
    fileParallelism: true,
    // `npm test` runs all four; `npm run test:unit` (etc.) or `vitest run --project unit` one alone.
    projects: ["unit", "real-data", "e2e", "postgres"].map((name) => ({
      extends: true as const,
      test: { name, include: of(name) },
    })),
  },
});
