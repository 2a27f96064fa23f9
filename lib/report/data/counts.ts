import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../../store/index.ts";

/** Leads that reached each funnel stage (or a later one), in funnel order. */
export type StageCount = {
  stage: string;
  position: number;
  n: number;
};

/**
 * Counts leads that reached each configured funnel stage or any later one (a lead that skipped from
 * lead to sql still passed mql). Plain counting in SQL; the rates and intervals come from lib/stats.
 *
 * @example
 * await stageCounts(conn) // → [{ stage: "lead", position: 1, n: 1500 }, { stage: "mql", position: 2, n: 1055 }, …]
 */
export async function stageCounts(conn: DuckDBConnection): Promise<StageCount[]> {
  return all<StageCount>(
    conn,
    `WITH funnel AS (SELECT stage, min(position) AS position FROM stages WHERE kind = 'funnel' GROUP BY stage),
     furthest AS (
       SELECT e.lead_id, max(f.position) AS position FROM stage_events e JOIN funnel f USING (stage) GROUP BY e.lead_id)
     SELECT f.stage, f.position, count(r.lead_id)::BIGINT AS n
     FROM funnel f LEFT JOIN furthest r ON r.position >= f.position
     GROUP BY f.stage, f.position ORDER BY f.position`,
  );
}

/** Leads and won leads overall. */
export async function outcomeCounts(conn: DuckDBConnection): Promise<{ leads: number; won: number; open: number; decided: number }> {
  const r = await one<{ leads: number; won: number; open: number; decided: number }>(
    conn,
    `SELECT (SELECT count(*) FROM leads)::BIGINT AS leads,
       count(*) FILTER (WHERE o.outcome = 'won')::BIGINT AS won,
       count(*) FILTER (WHERE o.outcome = 'open')::BIGINT AS open,
       count(*) FILTER (WHERE o.outcome <> 'open')::BIGINT AS decided
     FROM (SELECT DISTINCT lead_id, outcome FROM outcomes) o`,
  );
  return r ?? { leads: 0, won: 0, open: 0, decided: 0 };
}

/** Leads and won leads per creation period (month or quarter), oldest first. */
export type PeriodCount = {
  period: string;
  n: number;
  won: number;
};

/** Leads created per period and how many of them were won, from leads.created_at. */
export async function periodCounts(conn: DuckDBConnection, unit: "month" | "quarter"): Promise<PeriodCount[]> {
  return all<PeriodCount>(
    conn,
    `SELECT strftime(date_trunc('${unit}', l.created_at), '%Y-%m') AS period,
       count(*)::BIGINT AS n,
       count(*) FILTER (WHERE o.outcome = 'won')::BIGINT AS won
     FROM leads l LEFT JOIN (SELECT lead_id, any_value(outcome) AS outcome FROM outcomes GROUP BY lead_id) o USING (lead_id)
     WHERE l.created_at IS NOT NULL
     GROUP BY 1 ORDER BY 1`,
  );
}
