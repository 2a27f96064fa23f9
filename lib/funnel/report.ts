import type { DuckDBConnection } from "@duckdb/node-api";
import { readAsOf, readStages } from "./context.ts";
import { all } from "../store/index.ts";
import { checkLeadColumns } from "./leadColumns.ts";
import type { SkipPolicy, StoredLeadStages } from "./leadStages.ts";
import { summarizeVelocity, type SummaryOptions, type VelocityStats } from "./summarize.ts";
import {
  qualityFromCounts,
  transitionsOf,
  velocityCounts,
  type CohortUnit,
  type QualityNote,
  type VelocityCountRow,
} from "./velocityCounts.ts";

/** Options for {@link funnelReport}. */
export interface FunnelOptions extends SummaryOptions {
  /** Lead columns to break each transition down by. Default ["channel"]. */
  by?: string[];
  /** Entry cohorts by month (default) or quarter of entering the from-stage. */
  cohort?: CohortUnit;
  /** Only leads created on or after this date (YYYY-MM-DD). */
  from?: string;
  /** Only leads created on or before this date (YYYY-MM-DD). */
  to?: string;
  /** Stage skips: `credit` (default) counts a skipped stage as passed at the next recorded entry; `exclude` leaves skippers out. */
  skips?: SkipPolicy;
  /** The stage that means won. Default "won". */
  wonStage?: string;
  /** Per-lead stages already computed by `storeLeadStages` (used when made for the same leads and stages). */
  leadStages?: StoredLeadStages;
}

/** One transition for one breakdown group (a channel, a cohort, …). */
export interface GroupVelocity extends VelocityStats {
  /** What the group is: "channel", "cohort" or an attribute name. */
  dimension: string;
  value: string;
}

/** One funnel transition with its breakdowns. */
export interface TransitionReport extends VelocityStats {
  from: string;
  to: string;
  by: GroupVelocity[];
}

/** The `analyze funnel --json` object. */
export interface FunnelReport {
  /** The data's end: leads that have not moved on are censored here. */
  as_of: string | null;
  stages: string[];
  skips: SkipPolicy;
  cohort: CohortUnit;
  /** False when the data has no usable dates; conversion counts are still given. */
  velocity_available: boolean;
  transitions: TransitionReport[];
  /** First stage → won. */
  time_to_convert: TransitionReport | null;
  /** Leads left out of velocity because of their dates, by reason. */
  data_quality: QualityNote[];
  notes: string[];
}

/**
 * Funnel conversion and velocity: per consecutive stage transition and first stage → won, the
 * entered and moved-on counts with a Wilson interval, and a Kaplan–Meier reading of days to move
 * on with leads that have not moved on censored at the data's end; broken down by channel (or
 * `by`) and entry cohort.
 *
 * @example
 * const r = await funnelReport(conn, { cohort: "quarter" });
 * r.transitions[0] // → { from: "lead", to: "mql", entered: 8000, moved_on: 3100, rate: 0.3875,
 * //   km_median_days: 21, km_median_ci: [19, 23], naive_median_days: 12, p_within: { "30": 0.31, … }, by: [ … ] }
 */
export async function funnelReport(conn: DuckDBConnection, opts: FunnelOptions = {}): Promise<FunnelReport> {
  return (await funnelReportWithCounts(conn, opts)).report;
}

/**
 * {@link funnelReport} together with the velocity counts it was computed from (one row per
 * transition, group and day: {@link velocityCounts}), for callers that also draw the curves: the
 * counts are one pass over every lead's stage history, so they should not be computed twice.
 */
export async function funnelReportWithCounts(
  conn: DuckDBConnection,
  opts: FunnelOptions = {},
): Promise<{ report: FunnelReport; counts: VelocityCountRow[] }> {
  const by = opts.by ?? ["channel"];
  await checkLeadColumns(conn, by);
  const stages = await readStages(conn);
  const asOf = await readAsOf(conn);
  const skips = opts.skips ?? "credit";
  const cohort = opts.cohort ?? "month";
  const common = {
    order: stages.order,
    skips,
    from: opts.from,
    to: opts.to,
    wonStage: opts.wonStage,
    stored: opts.leadStages,
  };
  const counts = await velocityCounts(conn, { ...common, asOf, by, cohort });
  const steps = transitionsOf(stages.order, opts.wonStage).map((s, t) =>
    transitionReport(
      s.from,
      s.to,
      counts.filter((r) => r.t === t),
      opts,
    ),
  );
  const transitions = steps.slice(0, -1);
  const velocity = steps.some((s) => s.timed > 0);
  const report: FunnelReport = {
    as_of: asOf,
    stages: stages.order,
    skips,
    cohort,
    velocity_available: velocity,
    transitions,
    time_to_convert: steps.at(-1) ?? null,
    // Every lead enters the first stage, so time to convert (the last step) sees every exclusion.
    data_quality: qualityFromCounts(counts, steps.length - 1),
    notes: [
      ...funnelNotes(stages.order, velocity, asOf, skips),
      ...(await unrecordedStages(conn, stages.order, opts.wonStage)),
    ],
  };
  return { report, counts };
}

/** A note naming funnel stages no lead has a recorded entry for: their counts come only from credit. */
async function unrecordedStages(conn: DuckDBConnection, order: string[], wonStage = "won"): Promise<string[]> {
  const seen = new Set(
    (await all<{ stage: string }>(conn, "SELECT DISTINCT stage FROM stage_events")).map((r) => r.stage),
  );
  const missing = order.slice(1).filter((s) => !seen.has(s) && s.toLowerCase() !== wonStage.toLowerCase());
  if (missing.length === 0) return [];
  return [
    `No lead has a recorded entry into ${missing.join(", ")}: those stages are counted only through leads credited for reaching a later stage (e.g. won), so their conversion rates say nothing about the stage itself.`,
  ];
}

function transitionReport(from: string, to: string, rows: VelocityCountRow[], opts: SummaryOptions): TransitionReport {
  const groups = new Map<string, VelocityCountRow[]>();
  for (const r of rows) {
    const key = `${r.dim}\u0000${r.value}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const overall = summarizeVelocity(groups.get("all\u0000all") ?? [], opts);
  const by: GroupVelocity[] = [];
  for (const [key, rs] of groups) {
    const [dimension, value] = key.split("\u0000") as [string, string];
    if (dimension !== "all") by.push({ dimension, value, ...summarizeVelocity(rs, opts) });
  }
  return { from, to, ...overall, by };
}

/** Plain-words notes that travel with the numbers. */
export function funnelNotes(order: string[], velocity: boolean, asOf: string | null, skips: SkipPolicy): string[] {
  const notes: string[] = [];
  if (order.length < 2) notes.push("Fewer than two funnel stages are configured: only time to convert is reported.");
  if (!velocity) {
    notes.push(
      "Velocity unavailable: this data has no dates (no lead creation or stage entry dates), so time in stage cannot be measured. Conversion counts and rates are still shown.",
    );
  } else {
    notes.push(
      `Leads that have not moved on by the data's end (${asOf}) are censored there, including leads that exited as lost or disqualified: the Kaplan–Meier figures read as P(moved on by t).`,
    );
    notes.push(
      "The naive median is taken over leads that already moved on only; it is biased fast and shown for contrast.",
    );
  }
  notes.push(
    skips === "credit"
      ? "A lead that skipped a stage is counted as passing it when it entered the next recorded stage."
      : "Leads that skipped a stage are left out of the transitions into and out of that stage.",
  );
  return notes;
}
