import type { DuckDBConnection } from "@duckdb/node-api";
import { exec, one } from "../store/query.ts";
import { configuredMemoryLimit } from "../store/open.ts";

/**
 * DuckDB's memory limit during a fit's DuckDB part when the store was opened with DuckDB's default
 * (80% of RAM): at millions of leads DuckDB fills gigabytes with the fit table's sorts and
 * aggregations before it would spill; capped, it spills the excess to its temp directory instead.
 * docs/scaling.md has the 10M figures. Smaller stores never reach it.
 */
export const FIT_MEMORY_LIMIT = "2GB";

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };

/**
 * Bytes of a size as DuckDB shows or takes it ("1.8 GiB", "2GB"), to compare limits; Infinity when
 * unreadable (DuckDB shows "no limit" in PiB).
 *
 * @example
 * shownBytes("1.5 GiB") // → 1610612736
 */
export function shownBytes(size: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?i?B)\s*$/i.exec(size);
  return m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : Infinity;
}

/**
 * Runs `work` (DuckDB queries) under a memory limit, then puts the store's own limit back.
 *
 * - `cap` given: the limit during `work` (the caller's explicit choice).
 * - `cap` undefined: {@link FIT_MEMORY_LIMIT} when the store runs on DuckDB's default (unless that
 *   default is lower, on a small machine); a limit the user chose (openStore's memoryLimit,
 *   LEADLENS_MEMORY_LIMIT) is kept.
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
  // DuckDB's default is below the fit's cap only on a machine with under 2.5 GB of RAM: keep it there.
  const shown = (await one<{ m: string }>(conn, "SELECT current_setting('memory_limit') AS m"))?.m ?? "";
  const during = cap ?? configured ?? (shownBytes(shown) < shownBytes(FIT_MEMORY_LIMIT) ? null : FIT_MEMORY_LIMIT);
  if (during === null) return work();
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
