import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/index.ts";
import { resolveAsOf } from "../model/split.ts";
import {
  describeRateBasis,
  horizonFromWins,
  opennessArtifact,
  type OpenCount,
  leadTimesSql,
  rateOnBasis,
  type LeadTimeCount,
  type RateBasis,
  type ResolvedBasis,
} from "../rates/index.ts";
import { UserError } from "../errors/UserError.ts";
import { segmentTimeCounts, type SegmentExpr, type SegmentTimeCounts } from "./segmentCounts.ts";
import { summarizeSegments, type AttributeSegments, type OverallConversion, type SegmentRow } from "./summarize.ts";

/** What the rates of a segments report are over, as printed. */
export interface RateInfo {
  basis: ResolvedBasis;
  /** One line: what the rate is over. */
  description: string;
  /** How the horizon was chosen (within only): "option" or "data" (90% of dated wins by then). */
  horizon_from: "option" | "data" | null;
  as_of: string;
  /** Leads open at as_of, among all leads in range. */
  open: number;
}

/** A segment row on a rate basis: the usual fields plus what the basis adds. */
export interface BasisSegmentRow extends SegmentRow {
  /** Open leads in the segment (see the basis for how they count). */
  open: number;
  /** The sample size the interval is as good as (below n when leads are censored). */
  n_effective: number | null;
  /** Leads the basis leaves out (undated, too young, or open for `decided`). */
  excluded: number;
  note: string | null;
  /** Mostly open where most leads are decided: likely a value filled in as a lead progresses; left out of the test. */
  open_artifact: boolean;
}

/** One attribute's segments on a rate basis. */
export interface BasisAttributeSegments extends Omit<AttributeSegments, "segments"> {
  segments: BasisSegmentRow[];
}

/**
 * Conversion by segment on a rate basis (lib/rates): rates, intervals and the chi-square test all
 * on that basis. For `within`, the rate is the Aalen–Johansen P(won within H days) and the test is
 * Pearson's chi-square on the effective-sample-size table (n*, F̂·n*), which is the ordinary test
 * when nothing is censored.
 */
export async function segmentsOnBasis(
  conn: DuckDBConnection,
  named: { name: string; sql: string; columns: string[]; order?: string[] }[],
  range: { from?: string; to?: string },
  requested: RateBasis,
  /** True when the caller chose no basis: a default the data cannot support falls back to decided, then all. */
  isDefault: boolean,
  minN: number,
  inOrder: <T extends { segment: string }>(rows: T[], order?: string[]) => T[],
): Promise<{
  overall: OverallConversion & { open: number; n_effective: number | null };
  attributes: BasisAttributeSegments[];
  rate: RateInfo;
  notes: string[];
}> {
  const asOf = await resolveAsOf(conn);
  const exprs: SegmentExpr[] = named.map((x) => ({ sql: x.sql, columns: x.columns }));
  const { total, counts } = await segmentTimeCounts(conn, exprs, leadTimesSql({ asOf, basis: requested, ...range }));
  const notes: string[] = [];
  const basis = resolve(requested, total, notes, isDefault);
  const overallRate = rateOnBasis(total, basis);
  const overall = {
    n: overallRate.n,
    converted: overallRate.converted,
    rate: overallRate.rate,
    ci_low: overallRate.ci_low,
    ci_high: overallRate.ci_high,
    open: overallRate.open,
    n_effective: overallRate.n_effective,
  };
  const open = total.filter((r) => r.status === "open").reduce((s, r) => s + r.n, 0);
  const everyLead = total.reduce((s, r) => s + r.n, 0);
  const attributes = named.map((x, i) =>
    onBasis(x.name, inOrder(counts[i]!, x.order), basis, overall, minN, everyLead ? open / everyLead : 0),
  );
  const horizonFrom =
    basis.kind === "within" ? (requested.kind === "within" && requested.days !== "auto" ? "option" : "data") : null;
  return {
    overall,
    attributes,
    rate: { basis, description: describeRateBasis(basis), horizon_from: horizonFrom, as_of: asOf, open },
    notes,
  };
}

/**
 * The overall conversion of every lead on a rate basis, resolved as {@link segmentsOnBasis} resolves
 * it (the same default, horizon and fallbacks), so a page's headline rate and its segments agree.
 *
 * @example
 * await overallOnBasis(conn) // → { n: 8000, converted: 775, rate: 0.0969, ci_low: 0.091, …, basis: { kind: "within", days: 180 }, description: "won within 180 days …" }
 */
export async function overallOnBasis(
  conn: DuckDBConnection,
  requested: RateBasis = { kind: "within", days: "auto" },
  isDefault = true,
) {
  const asOf = await resolveAsOf(conn);
  const rows = await all<{ status: LeadTimeCount["status"]; days: number | null; young: boolean; n: number }>(
    conn,
    `SELECT __seg_status AS status, __seg_days AS days, __seg_young AS young, count(*)::BIGINT AS n FROM (${leadTimesSql({ asOf, basis: requested })}) GROUP BY ALL`,
  );
  const total = rows.map((r) => ({
    status: r.status,
    days: r.days === null ? null : Number(r.days),
    young: Boolean(r.young),
    n: Number(r.n),
  }));
  const notes: string[] = [];
  const basis = resolve(requested, total, notes, isDefault);
  return { ...rateOnBasis(total, basis), basis, description: describeRateBasis(basis), as_of: asOf, notes };
}

// Resolves `within:auto` to a horizon from the data; a default that the data cannot support falls back.
function resolve(requested: RateBasis, total: LeadTimeCount[], notes: string[], isDefault: boolean): ResolvedBasis {
  if (requested.kind !== "within") return requested;
  const sum = (f: (r: LeadTimeCount) => boolean) => total.reduce((s, r) => s + (f(r) ? r.n : 0), 0);
  // Decided leads without a date cannot be placed in time while every open lead is: left out, they bias the rate low.
  const undated = sum((r) => r.status !== "open" && r.days === null);
  const decided = sum((r) => r.status !== "open");
  const h =
    requested.days !== "auto"
      ? requested.days
      : horizonFromWins(
          total.filter((r) => r.status === "won" && r.days !== null).map((r) => ({ days: r.days!, n: r.n })),
        );
  const tooManyUndated = undated > 0.05 * decided;
  if (h !== null && !(isDefault && tooManyUndated)) {
    if (requested.days === "auto")
      notes.push(
        `Horizon ${h} days: 90% of the won leads with dates had won by then (--rate within:<days> to choose another).`,
      );
    if (undated > 0)
      notes.push(
        `${undated.toLocaleString("en-US")} decided leads have no close date and are left out: if some of them won within ${h} days, the rates are low.`,
      );
    return { kind: "within", days: h };
  }
  if (isDefault) {
    const exits = sum((r) => r.status === "exit") > 0;
    const why =
      h === null
        ? "No won lead has dates"
        : `${undated.toLocaleString("en-US")} of ${decided.toLocaleString("en-US")} decided leads have no close date`;
    notes.push(
      exits
        ? `${why}, so rates are over decided leads (won, lost or disqualified); open leads are left out.`
        : `${why} and no lead is recorded as lost or disqualified, so rates are over all leads: open leads count as not won.`,
    );
    return exits ? { kind: "decided" } : { kind: "all" };
  }
  throw new UserError(
    "A censoring-aware rate needs won leads with dates (created_at and a close date or a dated won stage), and none has them. Use --rate decided (won out of decided leads) or --rate all.",
  );
}

function onBasis(
  attribute: string,
  segs: SegmentTimeCounts[],
  basis: ResolvedBasis,
  overall: { rate: number | null },
  minN: number,
  openShare: number,
): BasisAttributeSegments {
  const rates = segs.map((s) => ({
    segment: s.segment,
    r: rateOnBasis(s.rows, basis),
    artifact: artifactOf(s.rows, openShare),
  }));
  // The test and the intervals read the effective table: n* leads, F̂·n* converted.
  const eff = rates.map(({ segment, r, artifact }) => {
    const n = r.rate === null || artifact ? 0 : (r.n_effective ?? 0);
    // F̂ can exceed 1 by a rounding error (a segment where every lead with a known status won).
    return { segment, n, converted: n === 0 ? 0 : Math.min(r.rate! * n, n) };
  });
  const summary = summarizeSegments(attribute, eff, overall, minN);
  const segments: BasisSegmentRow[] = summary.segments.map((row, i) => {
    const r = rates[i]!.r;
    return {
      ...row,
      small: row.small || rates[i]!.artifact !== null,
      n: r.n,
      converted: r.converted,
      rate: r.rate,
      ci_low: r.ci_low,
      ci_high: r.ci_high,
      open: r.open,
      n_effective: r.n_effective,
      excluded: r.excluded,
      note: r.note,
      open_artifact: rates[i]!.artifact !== null,
    };
  });
  for (const { segment, artifact } of rates) {
    if (!artifact) continue;
    summary.notes.push(
      `${attribute} = ${segment}: ${artifact.open} of ${artifact.n} leads are open, against ${pct(openShare)} of all leads: probably filled in only as a lead progresses. Left out of the test.`,
    );
  }
  const unknown = segments.filter((s) => s.rate === null).length;
  if (unknown > 0)
    summary.notes.push(
      `${unknown} segment(s) have no rate on this basis (see each segment's note) and are left out of the test.`,
    );
  return { ...summary, segments };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The segment's counts when it is an artifact of openness (lib/rates opennessArtifact), else null. */
function artifactOf(rows: LeadTimeCount[], openShare: number): OpenCount | null {
  const n = rows.reduce((s, r) => s + r.n, 0);
  const open = rows.filter((r) => r.status === "open").reduce((s, r) => s + r.n, 0);
  return opennessArtifact({ n, open }, openShare) ? { n, open } : null;
}
