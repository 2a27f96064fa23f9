import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../store/index.ts";
import { readAsOf, readStages } from "../funnel/context.ts";
import type { StoredLeadStages } from "../funnel/leadStages.ts";
import type { Attribution } from "./attribution.ts";
import { roiCounts, type ChannelCountRow, type DealStats } from "./channelCounts.ts";
import { channelRow, type RoiRow } from "./channelRow.ts";
import { proratedSpendSql, type PeriodUnit } from "./periods.ts";
import { projectedValue } from "./projectedValue.ts";

/** Options for {@link roiReport}. */
export interface RoiOptions {
  /** Reporting period for `by_period`: month, quarter or all (default: all, no `by_period`). */
  period?: PeriodUnit;
  /** Only leads created (and spend falling) on or after this date (YYYY-MM-DD). */
  from?: string;
  /** Only leads created (and spend falling) on or before this date (YYYY-MM-DD). */
  to?: string;
  /** Channel credit: first (default, the lead's channel), last or linear over channel touches. */
  attribution?: Attribution;
  /** Stage counted as MQL (qualified). Default "mql". */
  mqlStage?: string;
  /** Stage counted as SQL. Default "sql". */
  sqlStage?: string;
  /** Won deals a channel needs to use its own mean deal value (else the overall mean). Default 5. */
  minDeals?: number;
  /** Per-lead stages already computed by `storeLeadStages` (used when made for the same leads and stages). */
  leadStages?: StoredLeadStages;
}

/** The `analyze roi --json` object. */
export interface RoiReport {
  as_of: string | null;
  currency: string | null;
  period: PeriodUnit;
  attribution: Attribution;
  /** One row per channel over the whole range. */
  channels: RoiRow[];
  /** All channels together (spend = the channels with known spend). */
  total: RoiRow;
  /** One row per channel and period, when period is month or quarter. */
  by_period?: RoiRow[];
  /** Mean won amount used as expected deal value, per lead channel and overall. */
  deal_value: { channel: string; n: number; mean: number | null }[];
  notes: string[];
}

const NO_CHANNEL = "(no channel)";
const label = (c: string | null) => c ?? NO_CHANNEL;

/**
 * Channel ROI: spend (prorated by days to the period), leads, MQLs, SQLs, won deals, revenue,
 * cost per stage, ROI, and the projected value of open qualified leads from their calibrated
 * probabilities × expected deal value, with an interval, giving projected ROI.
 *
 * @example
 * const r = await roiReport(conn);
 * r.channels[0] // → { channel: "paid_search", spend: 42000, leads: 1586, …, cost_per_lead: 26.48, roi: 0.31,
 * //   projected_value: 18500, projected_value_ci: [12100, 24900], projected_roi: 0.75, cost_unknown: false }
 */
export async function roiReport(conn: DuckDBConnection, opts: RoiOptions = {}): Promise<RoiReport> {
  const period = opts.period ?? "all";
  const attribution = opts.attribution ?? "first";
  const { order } = await readStages(conn);
  const find = (name: string) => order.findIndex((s) => s.toLowerCase() === name.toLowerCase());
  const mqlIndex = find(opts.mqlStage ?? "mql");
  const sqlIndex = find(opts.sqlStage ?? "sql");
  const asOf = await readAsOf(conn);
  const base = { order, mqlIndex, sqlIndex, attribution, asOf, from: opts.from, to: opts.to, stored: opts.leadStages };
  const scored = ((await one<{ n: number }>(conn, "SELECT count(*) AS n FROM scores"))?.n ?? 0) > 0;
  // One pass over the leads at the reporting period (whole-range cells are their sums), and the deal
  // values from the same per-lead stages.
  const { counts, deals } = await roiCounts(conn, { ...base, period });
  const spendOf = (unit: PeriodUnit) =>
    all<{ channel: string; period: string; spend: number; clicks: number | null }>(
      conn,
      proratedSpendSql(unit, opts.from, opts.to),
    );
  const overall = assembleRows(
    period === "all" ? counts : collapsePeriods(counts),
    await spendOf("all"),
    deals,
    scored,
    opts.minDeals,
  );
  const report: RoiReport = {
    as_of: asOf,
    currency: (await one<{ value: string }>(conn, "SELECT value FROM meta WHERE key = 'currency'"))?.value ?? null,
    period,
    attribution,
    channels: overall.rows,
    total: overall.total,
    deal_value: [
      ...deals.byChannel.map((d) => ({ channel: label(d.channel), n: d.n, mean: d.mean })),
      { channel: "(overall)", n: deals.overall.n, mean: deals.overall.mean },
    ],
    notes: roiNotes(overall.rows, { mqlIndex, sqlIndex, scored, attribution, deals: deals.overall.n }),
  };
  if (period !== "all")
    report.by_period = assembleRows(counts, await spendOf(period), deals, scored, opts.minDeals, true).rows;
  return report;
}

/** Builds channel rows (and the total) from counts, prorated spend and deal statistics. */
export function assembleRows(
  counts: ChannelCountRow[],
  spend: { channel: string; period: string; spend: number; clicks?: number | null }[],
  deals: { byChannel: DealStats[]; overall: DealStats },
  scored: boolean,
  minDeals = 5,
  withPeriod = false,
): { rows: RoiRow[]; total: RoiRow } {
  const key = (c: string, p: string) => `${c}\u0000${p}`;
  const keys = new Set([
    ...counts.map((c) => key(label(c.channel), c.period)),
    ...spend.map((s) => key(s.channel, s.period)),
  ]);
  const rows: RoiRow[] = [];
  for (const k of [...keys].sort()) {
    const [ch, p] = k.split("\u0000") as [string, string];
    const cells = counts.filter((c) => label(c.channel) === ch && c.period === p);
    const sp = spend.filter((s) => s.channel === ch && s.period === p);
    const projected = scored ? projectedValue(cells, deals, { minDeals }) : null;
    rows.push(
      channelRow(
        ch,
        sp.length ? sp.reduce((a, s) => a + s.spend, 0) : null,
        sumCounts(cells),
        projected,
        withPeriod ? p : undefined,
        clicksOf(sp),
      ),
    );
  }
  const known = spend.reduce((a, s) => a + s.spend, 0);
  const total = channelRow(
    "(all channels)",
    spend.length ? known : null,
    sumCounts(counts),
    scored ? projectedValue(counts, deals, { minDeals }) : null,
    undefined,
    clicksOf(spend),
  );
  total.cost_unknown = rows.some((r) => r.cost_unknown && r.leads > 0) || spend.length === 0;
  return { rows, total };
}

/** Clicks of some spend cells: their sum, or null unless every one recorded clicks (spend over part of the clicks is no cost per click). */
function clicksOf(sp: { clicks?: number | null }[]): number | null {
  if (!sp.length || sp.some((s) => s.clicks === null || s.clicks === undefined)) return null;
  return sp.reduce((a, s) => a + Number(s.clicks), 0);
}

/** Sums per-period cells into whole-range cells (period 'all'), per channel and lead channel. */
export function collapsePeriods(cells: ChannelCountRow[]): ChannelCountRow[] {
  const out = new Map<string, ChannelCountRow>();
  const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  for (const c of cells) {
    const key = `${c.channel}\u0000${c.own_channel}`;
    const o = out.get(key);
    if (!o) {
      out.set(key, { ...c, period: "all" });
      continue;
    }
    for (const k of ["leads", "won", "open_qualified", "scored", "sum_wp", "sum_w2p", "sum_w2p2"] as const)
      o[k] += c[k];
    o.mqls = add(o.mqls, c.mqls);
    o.sqls = add(o.sqls, c.sqls);
    o.revenue = add(o.revenue, c.revenue);
  }
  return [...out.values()];
}

function sumCounts(cells: ChannelCountRow[]) {
  const s = (f: (c: ChannelCountRow) => number | null) => cells.reduce((a, c) => a + (f(c) ?? 0), 0);
  const nullable = (f: (c: ChannelCountRow) => number | null) =>
    cells.length && cells.every((c) => f(c) === null) ? null : s(f);
  return {
    leads: s((c) => c.leads),
    mqls: nullable((c) => c.mqls),
    sqls: nullable((c) => c.sqls),
    won: s((c) => c.won),
    // Deals won but none with an amount: revenue is unknown, not zero.
    revenue: cells.some((c) => c.revenue !== null) ? s((c) => c.revenue) : s((c) => c.won) > 0 ? null : 0,
    open_qualified: s((c) => c.open_qualified),
    scored: s((c) => c.scored),
  };
}

/** Plain-words notes for the ROI report. */
export function roiNotes(
  rows: RoiRow[],
  o: { mqlIndex: number; sqlIndex: number; scored: boolean; attribution: Attribution; deals: number },
): string[] {
  const notes: string[] = [];
  const unknown = rows.filter((r) => r.cost_unknown && r.leads > 0).map((r) => r.channel);
  if (unknown.length)
    notes.push(
      `Cost unknown (no spend recorded): ${unknown.join(", ")}. Their costs and ROI are left blank, not infinite; the total's spend covers the other channels only.`,
    );
  if (o.mqlIndex < 0)
    notes.push(
      "No stage named mql is configured: MQL counts are blank and every open lead counts as qualified for projected value.",
    );
  if (o.sqlIndex < 0) notes.push("No stage named sql is configured: SQL counts are blank.");
  if (!o.scored)
    notes.push(
      "No scores in the database: projected value needs a fitted, calibrated model (`leadlens fit`, then `leadlens score`).",
    );
  if (o.deals === 0)
    notes.push(
      "No won deal has an amount: revenue is unknown (blank, not zero) and projected value cannot be computed.",
    );
  if (o.scored && o.deals > 0) {
    notes.push(
      "Projected value uses each open lead's calibrated P(won) from the scoring model, which describes a lead like this at creation; it does not use how far the open lead has already progressed, so it is conservative for leads deep in the funnel.",
    );
  }
  const unscored = rows.reduce((a, r) => a + r.open_qualified - r.scored, 0);
  if (o.scored && unscored > 0)
    notes.push(`${Math.round(unscored)} open qualified lead(s) have no score and are left out of projected value.`);
  notes.push(
    o.attribution === "first"
      ? "Attribution: first touch, by the lead's own channel."
      : o.attribution === "last"
        ? "Attribution: last touch, the channel of the lead's last channel-carrying activity before it was won (or the data's end); its own channel when it has none."
        : "Attribution: linear, an equal share to the lead's own channel and each channel-carrying activity before it was won (or the data's end); counts are fractional.",
  );
  return notes;
}
