import type { DuckDBConnection } from "@duckdb/node-api";
import { exec } from "../store/query.ts";
import { configuredMemoryLimit } from "../store/open.ts";

/**
 * DuckDB's memory limit during a fit's DuckDB part when the store was opened with DuckDB's default
 * (80% of RAM): at millions of leads DuckDB fills gigabytes with the fit table's sorts and
 * aggregations before it would spill; capped, it spills the excess to its temp directory instead.
 * docs/scaling.md has the 10M figures. Smaller stores never reach it.
 */
export const FIT_MEMORY_LIMIT = "2GB";

/**
 * Runs `work` (DuckDB queries) under a memory limit, then puts the store's own limit back.
 *
 * - `cap` given: the limit during `work` (the caller's explicit choice).
 * - `cap` undefined: {@link FIT_MEMORY_LIMIT} when the store runs on DuckDB's default; a limit the
 *   user chose (openStore's memoryLimit, LEADLENS_MEMORY_LIMIT) is kept.
 *
 * Setting the limit afterwards is also what makes DuckDB return the memory its allocator keeps cached
 * to the operating system, so what runs after `work` — the fit's JavaScript part — does not sit on
 * top of DuckDB's high-water mark. The limit is restored exactly (from what openStore was given, or
 * DuckDB's default by RESET), never from DuckDB's rounded display. A connection not opened by
 * openStore is left alone.
 */
export async function withMemoryLimit<T>(conn: DuckDBConnection, cap: string | undefined, work: () => Promise<T>): Promise<T> {
  const configured = configuredMemoryLimit(conn);
  if (configured === undefined) return work();
  const during = cap ?? configured ?? FIT_MEMORY_LIMIT;
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(during.trim())) throw new Error(`memory limit "${during}": expected a size such as 2GB`);
  await exec(conn, `SET memory_limit = '${during.trim()}'`);
  try {
    return await work();
  } finally {
    if (configured) {
      await exec(conn, `SET memory_limit = '${configured}'`);
    } else {
      // SET flushes the allocator's cache; RESET (which does not flush) then restores the exact default.
      await exec(conn, `SET memory_limit = '${during.trim()}'`);
      await exec(conn, "RESET memory_limit");
    }
  }
}
