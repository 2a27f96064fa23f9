import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "../store/index.ts";
import { segmentAttributes, type SegmentAttribute } from "./attributes.ts";
import { binCaseSql, binsFromCuts, categoricalSql, quantileCuts, MISSING_LABEL } from "./bins.ts";
import { modelBins } from "./modelBins.ts";
import type { OverallConversion } from "./summarize.ts";
import { segmentsOnBasis, type BasisAttributeSegments, type RateInfo } from "./onBasis.ts";
import type { RateBasis } from "../rates/index.ts";
import { formatCondition, type Condition } from "../scorecard/index.ts";

/** Options for {@link segmentsReport}. */
export interface SegmentsOptions {
  /** Attributes to break down by; with exactly two, their pair is added. Default: channel and every fit/intent attribute. */
  by?: string[];
  /** Only leads created on or after this date (YYYY-MM-DD). */
  from?: string;
  /** Only leads created on or before this date (YYYY-MM-DD). */
  to?: string;
  /** Segments with fewer leads are flagged `small`. Default 30. */
  minN?: number;
  /**
   * Quantile bins for numeric attributes. When given, it overrides the newest model's scorecard bins
   * (which can hide a top band: the fit merges bins); when absent, the scorecard's bins are used and
   * 5 quantiles (quintiles) only for numeric attributes the scorecard does not cover.
   */
  quantiles?: number;
  /**
   * What each rate is over (lib/rates). Default: P(won within H days), H chosen from the data, open
   * leads censored; without dated wins, decided leads (or all leads when none is lost or disqualified).
   */
  rate?: RateBasis;
}

/** The `analyze segments --json` object. */
export interface SegmentsReport {
  overall: OverallConversion & { open: number; n_effective: number | null };
  /** What every rate in the report is over. */
  rate: RateInfo;
  attributes: BasisAttributeSegments[];
  /**
   * Where numeric bins came from: `scorecard` (the newest model's, `model_id`; quantiles for numeric
   * attributes it does not cover) or `quantiles` (no model, or `quantiles` given: model_id is null).
   */
  bins_from: { from: "scorecard" | "quantiles"; model_id: string | null; quantiles: number };
  notes: string[];
}

/**
 * Conversion (won) by segment for each attribute, and for a pair when two are named: n,
 * converted, rate with a Wilson interval, lift over the overall rate, small-cell flags and a
 * chi-square test of independence per attribute. Missing values are their own segment.
 *
 * @example
 * const r = await segmentsReport(conn, { by: ["channel"] });
 * r.overall // → { n: 8000, converted: 842, rate: 0.10525, … }
 * r.attributes[0].segments.find((s) => s.segment === "email") // → { n: 493, converted: 15, rate: 0.0304, lift: 0.289, small: false, … }
 */
export async function segmentsReport(conn: DuckDBConnection, opts: SegmentsOptions = {}): Promise<SegmentsReport> {
  const minN = opts.minN ?? 30;
  const range = { from: opts.from, to: opts.to };
  const attrs = await segmentAttributes(conn, opts.by);
  // Quantiles asked for override the scorecard's bins: nothing is read from the model then.
  const model =
    opts.quantiles === undefined ? await modelBins(conn) : { modelId: null, bins: new Map<string, Condition[]>() };
  const quantiles = opts.quantiles ?? 5;
  const exprs = new Map<string, { sql: string; columns: string[]; order?: string[] }>();
  const notes: string[] = [];
  for (const a of attrs) {
    const e = await segmentExpr(conn, a, model.bins, quantiles, range);
    if (e) exprs.set(a.name, e);
    else notes.push(`${a.name} is a date: not segmented (use the funnel's entry cohorts instead).`);
  }
  const named = [...exprs.entries()].map(([name, e]) => ({ name, ...e }));
  if (opts.by?.length === 2 && named.length === 2) {
    const [a, b] = named as [(typeof named)[0], (typeof named)[0]];
    named.push({
      name: `${a.name} × ${b.name}`,
      sql: `(${a.sql}) || ' × ' || (${b.sql})`,
      columns: [...a.columns, ...b.columns],
      order: undefined,
    });
  }
  // The segment counts and the overall total come from one pass over the leads.
  const requested = opts.rate ?? { kind: "within", days: "auto" };
  const r = await segmentsOnBasis(conn, named, range, requested, opts.rate === undefined, minN, inOrder);
  if (r.overall.n === 0) notes.push("No leads in range.");
  const bins_from = {
    from: model.modelId ? ("scorecard" as const) : ("quantiles" as const),
    model_id: model.modelId,
    quantiles,
  };
  return { overall: r.overall, rate: r.rate, attributes: r.attributes, bins_from, notes: [...r.notes, ...notes] };
}

/** Numeric bins read in their own order (then missing); categorical segments stay largest first. */
function inOrder<T extends { segment: string }>(rows: T[], order?: string[]): T[] {
  if (!order) return rows;
  const rank = (s: string) => (order.indexOf(s) < 0 ? order.length : order.indexOf(s));
  return [...rows].sort((a, b) => rank(a.segment) - rank(b.segment));
}

/**
 * The SQL labelling each lead's segment for one attribute, the column it reads (so the label can be
 * computed per distinct value), and the bins' order for numbers (null for dates).
 */
async function segmentExpr(
  conn: DuckDBConnection,
  a: SegmentAttribute,
  scorecard: Map<string, Condition[]>,
  quantiles: number,
  range: { from?: string; to?: string },
): Promise<{ sql: string; columns: string[]; order?: string[] } | null> {
  const col = ident(a.name);
  if (a.kind === "date") return null;
  if (a.kind === "categorical") return { sql: categoricalSql(col), columns: [col] };
  const bins = scorecard.get(a.name) ?? binsFromCuts(await quantileCuts(conn, a.name, quantiles, range));
  const labels = bins.filter((b) => b.kind !== "missing").map(formatCondition);
  return { sql: binCaseSql(`${col}::DOUBLE`, bins), columns: [col], order: [...labels, "other", MISSING_LABEL] };
}
