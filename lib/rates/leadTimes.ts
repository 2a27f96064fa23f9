import { createdFilter } from "../funnel/leadStages.ts";
import { literal } from "../store/index.ts";
import type { RateBasis } from "./basis.ts";

/** Options for {@link leadTimesSql}. */
export interface LeadTimesOptions {
  /** The data's end (lib/model resolveAsOf): open leads are censored at their age then. */
  asOf: string;
  /** Only its kind matters here: which columns the basis reads. */
  basis: RateBasis;
  from?: string;
  to?: string;
  /** The stage whose entry also dates a win when the outcome has no closed_at. Default "won". */
  wonStage?: string;
}

/**
 * SQL of every lead in range with `won` and the three columns the rate bases read:
 * `__seg_status` (won, exit = lost or disqualified, open), `__seg_days` (days from creation to the
 * outcome, or to as_of for an open lead; null when a date is missing, or when the basis needs no
 * time) and `__seg_young` (created less than the maturity window before as_of).
 *
 * @example
 * leadTimesSql({ asOf: "2024-06-30", basis: { kind: "within", days: 90 } })
 * // → "SELECT l.*, … AS __seg_status, … AS __seg_days, false AS __seg_young FROM leads l LEFT JOIN …"
 */
export function leadTimesSql(o: LeadTimesOptions): string {
  const asOf = `CAST(${literal(o.asOf)} AS TIMESTAMP)`;
  const at = `CASE WHEN x.won THEN coalesce(x.won_at, ws.won_stage_at) WHEN x.exited THEN x.exit_at ELSE ${asOf} END`;
  // greatest() skips NULLs, so a missing date must stay NULL before the clamp at 0.
  const diff = `date_diff('day', l.created_at, ${at})`;
  const days =
    o.basis.kind === "within" ? `CASE WHEN ${diff} IS NULL THEN NULL ELSE greatest(0, ${diff}) END` : "NULL::INTEGER";
  const young =
    o.basis.kind === "matured"
      ? `coalesce(l.created_at > ${asOf} - INTERVAL ${Math.round(o.basis.days)} DAY, true)`
      : "false";
  // Only the time-to-event basis needs the won stage's date (a fallback for wins without closed_at).
  const wonStageJoin =
    o.basis.kind === "within"
      ? `LEFT JOIN (SELECT lead_id, min(entered_at) AS won_stage_at FROM stage_events
      WHERE lower(stage) = ${literal((o.wonStage ?? "won").toLowerCase())} GROUP BY lead_id) ws USING (lead_id)`
      : "";
  return `SELECT l.*, coalesce(x.won, false) AS won,
      CASE WHEN x.won THEN 'won' WHEN x.exited THEN 'exit' ELSE 'open' END AS __seg_status,
      ${days} AS __seg_days, ${young} AS __seg_young
    FROM leads l LEFT JOIN (
      SELECT lead_id, bool_or(outcome = 'won') AS won, bool_or(outcome IN ('lost', 'disqualified')) AS exited,
        min(closed_at) FILTER (WHERE outcome = 'won') AS won_at,
        min(closed_at) FILTER (WHERE outcome IN ('lost', 'disqualified')) AS exit_at
      FROM outcomes GROUP BY lead_id) x USING (lead_id)
    ${wonStageJoin}
    ${createdFilter(o.from, o.to)}`;
}
