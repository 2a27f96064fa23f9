import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/index.ts";

/**
 * SQL turning a relation of (duration, event) rows into Kaplan–Meier input counts: one row per
 * distinct duration with the number of events and of censored observations. `relation` is a
 * table name or a parenthesised SELECT; `event` is read as a boolean (true/1 = event).
 */
export function survivalCountsSql(relation: string, duration = "duration", event = "event"): string {
  return `SELECT ${duration} AS time,
    count(*) FILTER (WHERE CAST(${event} AS BOOLEAN)) AS events,
    count(*) FILTER (WHERE NOT CAST(${event} AS BOOLEAN)) AS censored
  FROM ${relation} WHERE ${duration} IS NOT NULL GROUP BY 1 ORDER BY 1`;
}

/**
 * Aggregates (duration, event) rows in DuckDB to (time, events, censored) counts, ready for
 * `kaplanMeierFromCounts`.
 *
 * @example
 * await survivalCounts(conn, "durations") // → [{ time: 1, events: 24, censored: 0 }, …]
 */
export async function survivalCounts(
  conn: DuckDBConnection,
  relation: string,
  duration = "duration",
  event = "event",
): Promise<{ time: number; events: number; censored: number }[]> {
  return all<{ time: number; events: number; censored: number }>(conn, survivalCountsSql(relation, duration, event));
}
