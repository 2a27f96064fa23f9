import type { DuckDBConnection } from "@duckdb/node-api";
import { exec } from "../store/query.ts";
import { configuredMemoryLimit } from "../store/open.ts";

const SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/**
 * Runs `work` (DuckDB queries) under the store's memory limit — or `cap` while it runs, when given —
 * then sets the store's limit again.
 *
 * The store's limit is openStore's (its `memoryLimit`, LEADLENS_MEMORY_LIMIT, or the 2GB default,
 * lib/store/open.ts); a store opened with `"duckdb"` (DuckDB's own 80% of RAM) is left as the user
 * chose. Setting the limit after `work` is also what makes DuckDB return the memory its allocator
 * keeps cached to the operating system, so what runs next — the fit's JavaScript part — does not sit
 * on top of DuckDB's high-water mark. The limit is restored exactly (from what openStore was given,
 * or DuckDB's default by RESET), never from DuckDB's rounded display. A connection not opened by
 * openStore is left alone unless `cap` is given.
 */
export async function withMemoryLimit<T>(
  conn: DuckDBConnection,
  cap: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const configured = configuredMemoryLimit(conn);
  const during = cap?.trim() ?? configured;
  if (!during) return work();
  if (!SIZE.test(during)) throw new Error(`memory limit "${during}": expected a size such as 2GB`);
  await exec(conn, `SET memory_limit = '${during}'`);
  try {
    return await work();
  } finally {
    if (configured) {
      await exec(conn, `SET memory_limit = '${configured}'`);
    } else {
      // SET flushes the allocator's cache; RESET (which does not flush) then restores the exact default.
      await exec(conn, `SET memory_limit = '${during}'`);
      await exec(conn, "RESET memory_limit");
    }
  }
}
