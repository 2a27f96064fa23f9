import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, literal } from "../store/index.ts";
import { leadStagesSql, type LeadStagesOptions } from "./leadStages.ts";
import { DATE_FLAGS_SQL, UNFLAGGED_DATE_NOTE } from "./quality.ts";

/** One stage-to-stage step of the funnel; `convert` is first stage → won. */
export interface Transition {
  from: string;
  to: string;
  /** Column index of the from- and to-stage in the lead-stages relation; to = -1 means converted. */
  fromIndex: number;
  toIndex: number;
}

/** Entry cohorts: by calendar month or quarter of entering the from-stage. */
export type CohortUnit = "month" | "quarter";

/** Options for {@link velocityCounts}. */
export interface VelocityOptions extends LeadStagesOptions {
  /** The data's end; leads that have not moved on are censored here. */
  asOf: string | null;
  /** Lead columns to break each transition down by (default ["channel"]). */
  by?: string[];
  /** Entry-cohort unit (default month). */
  cohort?: CohortUnit;
}

/** A count row: how many leads of a group moved on (events) or not (censored) after `duration` days. */
export interface VelocityCountRow {
  t: number;
  dim: string;
  value: string;
  /** Whole days; null when a needed date is missing. */
  duration: number | null;
  /** Excluded from velocity by a data-quality problem on its dates. */
  excluded: boolean;
  /** Why (the ingest's quality-flag note, or that the dates are out of order); null when not excluded. */
  reason: string | null;
  events: number;
  censored: number;
}

/** The consecutive transitions of `order`, then first stage → won ("time to convert"). */
export function transitionsOf(order: string[], wonStage = "won"): Transition[] {
  const steps = order.slice(0, -1).map((from, i) => ({ from, to: order[i + 1]!, fromIndex: i, toIndex: i + 1 }));
  if (order.length > 0) steps.push({ from: order[0]!, to: wonStage, fromIndex: 0, toIndex: -1 });
  return steps;
}

function cohortExpr(unit: CohortUnit, col: string): string {
  return unit === "quarter"
    ? `CAST(year(${col}) AS VARCHAR) || '-Q' || CAST(quarter(${col}) AS VARCHAR)`
    : `strftime(${col}, '%Y-%m')`;
}

/** One SELECT per transition: the lead's start, end, whether it moved on. */
function transitionRows(steps: Transition[], skips: string): string {
  return steps
    .map((s, t) => {
      const to =
        s.toIndex < 0
          ? { at: "converted_at", moved: "converted", skip: "false" }
          : { at: `at${s.toIndex}`, moved: `reached${s.toIndex}`, skip: `skipped${s.toIndex}` };
      const keep = skips === "exclude" ? `reached${s.fromIndex} AND NOT ${to.skip}` : `reached${s.fromIndex}`;
      return `SELECT ${t} AS t, *, at${s.fromIndex} AS from_at, ${to.at} AS to_at, ${to.moved} AS moved FROM ls WHERE ${keep}`;
    })
    .join("\nUNION ALL\n");
}

/**
 * SQL counting, per transition and breakdown group, the leads that moved on (events) and the
 * leads censored at the data's end, by completed days (floor of the elapsed time) since entering the from-stage. Leads that left
 * through an exit (lost, disqualified) without moving on stay censored at as_of, so the
 * Kaplan–Meier curve reads as P(moved on by t).
 */
export function velocityCountsSql(opts: VelocityOptions): string {
  const by = opts.by ?? ["channel"];
  const steps = transitionsOf(opts.order, opts.wonStage);
  const asOf = opts.asOf ? `${literal(opts.asOf)}::TIMESTAMP` : "NULL::TIMESTAMP";
  const unit = opts.cohort ?? "month";
  // Breakdown columns g0, g1, … (the by-columns, then the cohort), each a grouping set of its own:
  // GROUPING SETS is one pass; a lateral unnest of the dimensions was ten times slower.
  const groups = [
    ...by.map((c) => ({ dim: c, expr: `coalesce(CAST(${ident(c)} AS VARCHAR), '(missing)')` })),
    // Per lead only the cohort's start (a timestamp); its label is made once per counted row below.
    { dim: "cohort", expr: `date_trunc('${unit}', from_at)` },
  ];
  const g = groups.map((_, i) => `g${i}`);
  const cohort = `g${groups.length - 1}`;
  const label = (c: string) => (c === cohort ? `coalesce(${cohortExpr(unit, c)}, '(no date)')` : c);
  const dimCase = groups.map((x, i) => `WHEN grouping(g${i}) = 0 THEN ${literal(x.dim)}`).join(" ");
  const valueCase = g.map((c) => `WHEN grouping(${c}) = 0 THEN ${label(c)}`).join(" ");
  const sets = ["(t, duration, reason)", ...g.map((c) => `(t, ${c}, duration, reason)`)].join(", ");
  // Two steps: leads are first counted per (transition, every breakdown value, day, reason), a few
  // hundred thousand rows even at 10M leads; the grouping sets and the labels then run on those
  // counts instead of on every lead × transition. The sums are the same counts.
  return `
WITH ls AS (${leadStagesSql({ ...opts, columns: [...(opts.columns ?? []), ...by] })}),
tr AS (${transitionRows(steps, opts.skips ?? "credit")}),
flagged AS (${DATE_FLAGS_SQL}),
d AS (
  SELECT t, moved, ${groups.map((x, i) => `${x.expr} AS g${i}`).join(", ")},
    -- Completed days elapsed (floor), as pandas' .dt.days: a median of 5 means during the 6th day.
    CAST(floor((epoch(CASE WHEN moved THEN to_at ELSE ${asOf} END) - epoch(from_at)) / 86400) AS INTEGER) AS duration,
    CASE WHEN f.lead_id IS NOT NULL THEN f.note WHEN bad_dates THEN ${literal(UNFLAGGED_DATE_NOTE)} END AS flag
  FROM tr LEFT JOIN flagged f USING (lead_id)
),
e AS (SELECT *, coalesce(flag, CASE WHEN duration < 0 THEN ${literal(UNFLAGGED_DATE_NOTE)} END) AS reason FROM d),
c AS (
  SELECT t, ${g.join(", ")}, duration, reason, count(*) FILTER (WHERE moved) AS events, count(*) FILTER (WHERE NOT moved) AS censored
  FROM e GROUP BY ALL
)
SELECT t, CASE ${dimCase} ELSE 'all' END AS dim, CASE ${valueCase} ELSE 'all' END AS value, duration,
  reason IS NOT NULL AS excluded, reason,
  sum(events)::BIGINT AS events, sum(censored)::BIGINT AS censored
FROM c
GROUP BY GROUPING SETS (${sets})
ORDER BY t, dim, value, duration`;
}

/** Runs {@link velocityCountsSql}. */
export async function velocityCounts(conn: DuckDBConnection, opts: VelocityOptions): Promise<VelocityCountRow[]> {
  return all<VelocityCountRow & Record<string, unknown>>(conn, velocityCountsSql(opts));
}

/** Leads excluded from velocity for data quality, counted by reason. */
export interface QualityNote {
  reason: string;
  leads: number;
}

/**
 * The leads left out of velocity, by reason, read from the counts of one transition every lead
 * enters (time to convert): no second pass over the data.
 *
 * @example
 * qualityFromCounts(rows, 3) // → [{ reason: "outcome before creation: …", leads: 1 }]
 */
export function qualityFromCounts(rows: VelocityCountRow[], t: number): QualityNote[] {
  const by = new Map<string, number>();
  for (const r of rows) {
    if (r.t !== t || r.dim !== "all" || r.reason === null) continue;
    by.set(r.reason, (by.get(r.reason) ?? 0) + r.events + r.censored);
  }
  return [...by]
    .map(([reason, leads]) => ({ reason, leads }))
    .sort((a, b) => b.leads - a.leads || a.reason.localeCompare(b.reason));
}

/**
 * Counts, by reason, the leads left out of velocity because of their dates: the ingest's
 * quality-flag note when there is one, else a note that the dates are out of order.
 *
 * @example
 * await velocityQuality(conn, opts) // → [{ reason: "won before first contact", leads: 1 }]
 */
export async function velocityQuality(conn: DuckDBConnection, opts: LeadStagesOptions): Promise<QualityNote[]> {
  return all<QualityNote & Record<string, unknown>>(
    conn,
    `WITH ls AS (${leadStagesSql(opts)}), flagged AS (${DATE_FLAGS_SQL})
     SELECT coalesce(f.note, ${literal(UNFLAGGED_DATE_NOTE)}) AS reason, count(*) AS leads
     FROM ls LEFT JOIN flagged f USING (lead_id)
     WHERE ls.bad_dates OR f.lead_id IS NOT NULL
     GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}
