import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../store/index.ts";

/** The configured funnel as read from the store. */
export interface FunnelStages {
  /** Funnel stages in configured order (kind = funnel). */
  order: string[];
  /** Exit stages (kind = exit), e.g. lost, disqualified. */
  exits: string[];
}

/** Funnel stages used when the store has no `stages` rows (the source-config default). */
export const DEFAULT_STAGES = ["lead", "mql", "sql", "opportunity", "won"];

/**
 * Reads the configured funnel order from `stages`; falls back to the stages present in
 * `stage_events` in the default order when nothing is configured.
 *
 * @example
 * await readStages(conn) // → { order: ["lead", "mql", "sql", "won"], exits: ["lost"] }
 */
export async function readStages(conn: DuckDBConnection): Promise<FunnelStages> {
  const rows = await all<{ stage: string; kind: string }>(
    conn,
    `SELECT stage, min(kind) AS kind FROM stages GROUP BY stage ORDER BY min(position), stage`,
  );
  if (rows.length > 0) {
    return {
      order: rows.filter((r) => r.kind === "funnel").map((r) => r.stage),
      exits: rows.filter((r) => r.kind === "exit").map((r) => r.stage),
    };
  }
  const seen = new Set(
    (await all<{ stage: string }>(conn, "SELECT DISTINCT stage FROM stage_events")).map((r) => r.stage),
  );
  return { order: DEFAULT_STAGES.filter((s) => s === "lead" || s === "won" || seen.has(s)), exits: [] };
}

/**
 * The data's end: the latest `as_of` recorded by an ingest run, else the latest date anywhere in
 * the data. Leads still in a stage are censored here. Null when the data has no dates at all.
 *
 * @example
 * await readAsOf(conn) // → "2018-11-14 00:00:00"
 */
export async function readAsOf(conn: DuckDBConnection): Promise<string | null> {
  const row = await one<{ as_of: string | null }>(
    conn,
    `SELECT coalesce(
       (SELECT max(as_of) FROM ingest_runs),
       greatest((SELECT max(created_at) FROM leads), (SELECT max(entered_at) FROM stage_events),
                (SELECT max(closed_at) FROM outcomes))
     )::TIMESTAMP AS as_of`,
  );
  return row?.as_of ?? null;
}
