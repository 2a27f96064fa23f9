import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal } from "../store/index.ts";

/** How a lead that jumps over a stage (lead → sql without an mql event) is counted. */
export type SkipPolicy = "credit" | "exclude";

/** Options for {@link leadStagesSql}. */
export interface LeadStagesOptions {
  /** Funnel stages in order. */
  order: string[];
  /**
   * `credit` (default): a lead that reached a later stage passed every earlier one, at the moment it
   * entered the next recorded stage. `exclude`: such a lead is left out of the transitions into and
   * out of the stage it skipped.
   */
  skips?: SkipPolicy;
  /** Only leads created on or after this date (YYYY-MM-DD). */
  from?: string;
  /** Only leads created on or before this date (YYYY-MM-DD, inclusive). */
  to?: string;
  /** Name of the stage that means won (its entry also comes from `outcomes`). Default "won". */
  wonStage?: string;
  /** Extra lead columns to carry (for breakdowns), e.g. ["origin"]. */
  columns?: string[];
  /**
   * Per-lead rows already computed into a table by {@link storeLeadStages}: read from it when it was
   * made for the same leads, stages and columns (else ignored, and the rows are computed as usual).
   */
  stored?: StoredLeadStages;
}

/** A table holding the per-lead part of {@link leadStagesSql} (see {@link storeLeadStages}). */
export interface StoredLeadStages {
  table: string;
  /** The SQL the table was made from: a reader uses the table only when its own SQL is the same. */
  key: string;
}

/** The lead-created-at filter shared by every report. */
export function createdFilter(from?: string, to?: string, alias = "l"): string {
  const parts: string[] = [];
  if (from) parts.push(`${alias}.created_at >= ${literal(from)}::DATE`);
  if (to) parts.push(`${alias}.created_at < ${literal(to)}::DATE + INTERVAL 1 DAY`);
  return parts.length ? `WHERE ${parts.join(" AND ")}` : "";
}

/** Index of the won stage in `order`, or -1. */
export function wonIndex(order: string[], wonStage = "won"): number {
  return order.findIndex((s) => s.toLowerCase() === wonStage.toLowerCase());
}

function rawColumns(order: string[], won: number): string {
  return order
    .map((_, i) =>
      i === won
        ? `least(ev.r${i}, oc.won_at) AS r${i}, ev.r${i} IS NOT NULL OR coalesce(oc.won, false) AS h${i}`
        : `ev.r${i}, ev.r${i} IS NOT NULL AS h${i}`,
    )
    .join(",\n    ");
}

/** reached_i / at_i / skipped_i per stage, following the skip policy. */
function stageColumns(k: number, skips: SkipPolicy): string {
  const cols: string[] = [];
  for (let i = 0; i < k; i++) {
    const later = Array.from({ length: k - i }, (_, j) => `r${i + j}`);
    const laterHas = Array.from({ length: k - i - 1 }, (_, j) => `h${i + j + 1}`);
    const reached = i === 0 ? "true" : skips === "credit" ? `(${[`h${i}`, ...laterHas].join(" OR ")})` : `h${i}`;
    const at = skips === "credit" ? `least(${later.join(", ")})` : `r${i}`;
    cols.push(`${reached} AS reached${i}`);
    cols.push(`${i === 0 ? `coalesce(${at}, created_at)` : at} AS at${i}`);
    cols.push(
      `${i === 0 || laterHas.length === 0 ? "false" : `(NOT h${i} AND (${laterHas.join(" OR ")}))`} AS skipped${i}`,
    );
  }
  return cols.join(",\n    ");
}

/** True when a later stage (or the win) is dated before an earlier one or before creation. */
function badDates(k: number): string {
  const checks = ["won_at < created_at"];
  for (let i = 0; i < k; i++) {
    checks.push(`r${i} < created_at`);
    for (let j = i + 1; j < k; j++) checks.push(`r${j} < r${i}`);
  }
  return `coalesce(${checks.join(" OR ")}, false)`;
}

/**
 * SQL (a SELECT) with one row per lead: lead_id, channel, created_at, the carried columns,
 * outcome (won|lost|disqualified|open), won, won_at, amount, converted, converted_at, and per funnel stage i
 * `reached{i}`, `at{i}` (entry time, null when undated), `skipped{i}`, plus `bad_dates`
 * (a stage or the win dated before an earlier stage or before creation).
 *
 * @example
 * await all(conn, leadStagesSql({ order: ["lead", "mql", "won"] }))
 * // → [{ lead_id: "L1", reached0: true, at0: "2024-01-02 00:00:00", reached1: true, … }, …]
 */
export function leadStagesSql(opts: LeadStagesOptions): string {
  const { order, skips = "credit", wonStage = "won" } = opts;
  const k = order.length;
  const won = wonIndex(order, wonStage);
  const stages = `${stageColumns(k, skips)},
    ${won >= 0 ? `h${won}` : "won"} AS converted,
    ${won >= 0 ? `r${won}` : "won_at"} AS converted_at,
    ${badDates(k)} AS bad_dates`;
  const ctes = perLeadCtes(opts);
  if (opts.stored && opts.stored.key === ctes) return `SELECT *,\n    ${stages}\nFROM ${ident(opts.stored.table)}`;
  return `
${ctes}
SELECT *,
    ${stages}
FROM raw`;
}

/**
 * Computes the per-lead part of {@link leadStagesSql} (each lead with its outcome and first entry
 * into each stage: one aggregation of the stage history and one of the outcomes, the costly part) once
 * into a temporary table, for several reports that read the same leads: pass the result as
 * `stored`. The stage columns (reached, skipped, entry times) are still derived by each reader.
 *
 * @example
 * const stored = await storeLeadStages(conn, { order: ["lead", "mql", "won"] });
 * await all(conn, leadStagesSql({ order: ["lead", "mql", "won"], stored })) // same rows, read from the table
 */
export async function storeLeadStages(
  conn: DuckDBConnection,
  opts: LeadStagesOptions,
  table = "leadlens_lead_stages",
): Promise<StoredLeadStages> {
  const key = perLeadCtes({ ...opts, stored: undefined });
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(table)} AS ${key}\nSELECT * FROM raw`);
  return { table, key };
}

/** The CTEs base, ev, oc and raw: one row per lead with its outcome and first entry per stage (r{i}, h{i}). */
function perLeadCtes(opts: LeadStagesOptions): string {
  const { order, wonStage = "won" } = opts;
  const won = wonIndex(order, wonStage);
  const carried = (opts.columns ?? []).filter((c) => !["lead_id", "channel", "created_at"].includes(c));
  const evCols = order.map((s, i) => `min(entered_at) FILTER (WHERE stage = ${literal(s)}) AS r${i}`).join(",\n      ");
  // Without a date range every lead is in base: skip the semi-joins.
  const inBase = opts.from || opts.to ? "WHERE lead_id IN (SELECT lead_id FROM base)" : "";
  return `WITH base AS (
  SELECT l.lead_id, l.channel, l.created_at${carried.map((c) => `, l.${ident(c)}`).join("")}
  FROM leads l ${createdFilter(opts.from, opts.to)}
),
ev AS (
  SELECT lead_id,
      ${evCols}
  FROM stage_events WHERE stage IN (${order.map(literal).join(", ") || "NULL"})${inBase ? ` AND lead_id IN (SELECT lead_id FROM base)` : ""} GROUP BY lead_id
),
oc AS (
  SELECT lead_id,
    arg_max(outcome, coalesce(closed_at, TIMESTAMP '1900-01-01')) AS outcome,
    bool_or(outcome = 'won') AS won,
    min(closed_at) FILTER (WHERE outcome = 'won') AS won_at,
    sum(amount) FILTER (WHERE outcome = 'won') AS amount
  FROM outcomes ${inBase} GROUP BY lead_id
),
raw AS (
  SELECT b.*, coalesce(oc.outcome, 'open') AS outcome, coalesce(oc.won, false) AS won, oc.won_at, oc.amount,
    ${rawColumns(order, won)}
  FROM base b LEFT JOIN ev USING (lead_id) LEFT JOIN oc USING (lead_id)
)`;
}
