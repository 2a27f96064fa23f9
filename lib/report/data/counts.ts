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
  // Leads per furthest position first (a handful of rows), so the range join adds up counts instead
  // of pairing every lead with every stage it passed.
  return all<StageCount>(
    conn,
    `WITH funnel AS (SELECT stage, min(position) AS position FROM stages WHERE kind = 'funnel' GROUP BY stage),
     furthest AS (
       SELECT e.lead_id, max(f.position) AS position FROM stage_events e JOIN funnel f USING (stage) GROUP BY e.lead_id),
     reached AS (SELECT position, count(*) AS leads FROM furthest GROUP BY position)
     SELECT f.stage, f.position, coalesce(sum(r.leads), 0)::BIGINT AS n
     FROM funnel f LEFT JOIN reached r ON r.position >= f.position
     GROUP BY f.stage, f.position ORDER BY f.position`,
  );
}

/** Leads and won leads overall; a lead with no outcome row is open. */
export async function outcomeCounts(
  conn: DuckDBConnection,
): Promise<{ leads: number; won: number; open: number; decided: number }> {
  const r = await one<{ leads: number; won: number; open: number; decided: number }>(
    conn,
    `SELECT (SELECT count(*) FROM leads)::BIGINT AS leads,
       count(*) FILTER (WHERE o.outcome = 'won')::BIGINT AS won,
       count(*) FILTER (WHERE coalesce(o.outcome, 'open') = 'open')::BIGINT AS open,
       count(*) FILTER (WHERE o.outcome <> 'open')::BIGINT AS decided
     FROM leads l LEFT JOIN (SELECT DISTINCT lead_id, outcome FROM outcomes) o USING (lead_id)`,
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

/**
 * Quarterly counts summed from monthly ones ({@link periodCounts} with "month"): the same rows as
 * `periodCounts(conn, "quarter")` (period = the quarter's first month, "YYYY-MM"), without a second
 * pass over the leads.
 *
 * @example
 * quartersFromMonths([{ period: "2024-02", n: 5, won: 1 }, { period: "2024-04", n: 3, won: 0 }])
 * // → [{ period: "2024-01", n: 5, won: 1 }, { period: "2024-04", n: 3, won: 0 }]
 */
export function quartersFromMonths(months: readonly PeriodCount[]): PeriodCount[] {
  const out = new Map<string, PeriodCount>();
  for (const m of months) {
    // "YYYY-MM": the month is always the last two digits (a year may have any width).
    const month = Number(m.period.slice(-2));
    const period = `${m.period.slice(0, -2)}${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, "0")}`;
    const q = out.get(period) ?? { period, n: 0, won: 0 };
    q.n += m.n;
    q.won += m.won;
    out.set(period, q);
  }
  return [...out.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}
