import type { PageContext } from "./store.ts";
import { hasRows, meta } from "./store.ts";
import { one } from "../../store/index.ts";
import { absent, part, type Part } from "./part.ts";
import { outcomeCounts, periodCounts, quartersFromMonths, stageCounts, type PeriodCount } from "./counts.ts";
import { suppress, suppressPartition, publishable } from "../suppress.ts";
import { latestModel, modelHeadline } from "./model.ts";
import * as stats from "../../stats/index.ts";
import { channelSet, withSpend } from "./roi.ts";
import { channelReports } from "./channels.ts";
import { overallOnBasis } from "../../segments/index.ts";

type Interval = { rate: number; low: number; high: number; n: number };

/**
 * Everything the Overview page shows: headline counts, conversion with its interval, the model's
 * held-out AUC and calibration, ROI, leads per month, and the latest period against the one before.
 */
export async function overviewData(ctx: PageContext) {
  const { conn, minCell } = ctx;
  const rate = (x: number, n: number): Interval | null => (publishable(n, minCell) ? stats.wilson(x, n) : null);
  const counts = await outcomeCounts(conn);
  const stages = (await hasRows(conn, "stage_events")) ? await stageCounts(conn) : [];
  const months = await periodCounts(conn, "month");
  const window = await maturityWindow(conn);
  // A month is mature once its last lead has had the maturity window to convert; younger months'
  // rates mostly measure the calendar, so the chart leaves them out instead of drawing them near 0%.
  const monthly = months.map((p) => ({
    ...p,
    ...intervalFields(rate(p.won, p.n)),
    mature: periodEnd(p.period, 1) + window.days * DAY <= window.asOf,
  }));
  const compared = await comparison(window, minCell, stats, quartersFromMonths(months));
  return {
    dataset: await meta(conn, "dataset", "leadlens"),
    currency: await meta(conn, "currency", null),
    min_cell: minCell,
    leads: publishable(counts.leads, minCell) ? counts.leads : null,
    won: counts.won,
    open: counts.open,
    conversion: await headlineConversion(conn, minCell),
    stages: suppress(stages, { minCell }).rows.map((s, i, all) => ({
      ...s,
      of_previous: i === 0 ? null : rate(s.n, all[i - 1].n),
    })),
    monthly: publishedMonths(monthly, counts, minCell),
    maturity_days: window.days,
    comparison: compared,
    model: await modelPart(conn),
    roi: await roiTotals(ctx),
  };
}

/**
 * The headline conversion on the Segments page's basis (lib/segments overallOnBasis: by default
 * P(won within H days) with open leads censored), with what it is over; null under k leads.
 */
async function headlineConversion(conn: PageContext["conn"], minCell: number) {
  const o = await overallOnBasis(conn);
  if (o.rate === null || !publishable(o.n, minCell)) return null;
  return {
    rate: o.rate,
    low: o.ci_low,
    high: o.ci_high,
    n: o.n,
    n_effective: o.n_effective,
    open: o.open,
    over: o.description,
  };
}

async function modelPart(conn: PageContext["conn"]): Promise<Part<unknown>> {
  const m = await latestModel(conn);
  if (!m) return absent("No scoring model has been fitted on this data yet.");
  return part("scoring model", async () => modelHeadline(m));
}

/**
 * The months to publish. With the undated leads they partition all leads, whose count and wins the
 * page publishes, and quarters are sums of months too: complementary suppression
 * (lib/report/suppress.ts) so that no total minus the shown months gives a hidden month (or the
 * undated leads) away.
 */
export function publishedMonths<M extends PeriodCount>(
  monthly: M[],
  counts: { leads: number; won: number },
  minCell: number,
) {
  const dated = monthly.reduce((s, m) => [s[0] + m.n, s[1] + m.won], [0, 0]);
  const undated = { period: null, n: counts.leads - dated[0], won: counts.won - dated[1] };
  // Every quarter's sum is published: the compared quarters here, and each creation quarter as a
  // cohort of the Funnel velocity page (its leads entering the first stage, and those won).
  const quarterOf = (period: string) => quartersFromMonths([{ period, n: 0, won: 0 }])[0].period;
  const quarters = [...new Set(monthly.map((m) => quarterOf(m.period)))];
  const inQuarter = (q: string) => (m: { period: string | null }) => m.period !== null && quarterOf(m.period) === q;
  const rows = undated.n > 0 ? [...monthly, undated] : monthly;
  const s = suppressPartition<(typeof rows)[number]>(rows, {
    minCell,
    measures: ["won"],
    totals: quarters.map(inQuarter),
  });
  const shown = s.rows.filter((m): m is M => m !== undated);
  return {
    rows: shown,
    suppressed: monthly.length - shown.length,
    suppressedLeads: dated[0] - shown.reduce((a, m) => a + m.n, 0),
    minCell,
  };
}

function intervalFields(i: Interval | null) {
  return i ? { rate: i.rate, ci_low: i.low, ci_high: i.high } : { rate: null, ci_low: null, ci_high: null };
}

/**
 * The latest quarter whose leads have had time to convert against the quarter before: leads and
 * conversion, with a two-proportion test. "Time to convert" is the model's maturity window (else 90
 * days): comparing the newest, still-open quarter with an older one would mostly measure the calendar.
 * The quarters are summed from the monthly counts (`q`), not counted again.
 */
async function comparison(
  window: { days: number; asOf: number },
  minCell: number,
  stats: any,
  q: PeriodCount[],
): Promise<Part<unknown>> {
  if (q.length < 2)
    return absent(
      "The data has no lead creation dates (or only one quarter of them), so there is no earlier period to compare with.",
    );
  const maturity = window.days;
  const mature = q.filter((p) => periodEnd(p.period, 3) + maturity * DAY <= window.asOf);
  if (mature.length < 2)
    return absent(
      `Fewer than two quarters of leads are older than the ${maturity}-day maturity window, so conversion cannot be compared fairly yet.`,
    );
  const [prev, last] = mature.slice(-2);
  if (!publishable(prev.n, minCell) || !publishable(last.n, minCell))
    return absent(`One of the quarters to compare has fewer than ${minCell} leads.`);
  const test = stats.twoProportionZTest(last.won, last.n, prev.won, prev.n);
  return {
    available: true,
    data: {
      maturity_days: maturity,
      newest_quarter: q.at(-1)!.period,
      previous: { period: prev.period, n: prev.n, won: prev.won, ...intervalFields(stats.wilson(prev.won, prev.n)) },
      latest: { period: last.period, n: last.n, won: last.won, ...intervalFields(stats.wilson(last.won, last.n)) },
      leads_change: (last.n - prev.n) / prev.n,
      rate_difference: test.diff,
      difference_ci: test.ci,
      p_value: test.pValue,
    },
  };
}

const DAY = 86_400_000;

/**
 * How long leads need to convert: the model's maturity window (else 90 days), and the data's end
 * (the newest ingest run's as_of, else the newest lead), in ms since epoch.
 */
async function maturityWindow(conn: PageContext["conn"]): Promise<{ days: number; asOf: number }> {
  const model = await latestModel(conn);
  const days = Number(model?.training_window?.maturity_days ?? 90);
  const end = await one<{ t: string | null }>(
    conn,
    `SELECT CAST(COALESCE((SELECT max(as_of) FROM ingest_runs), (SELECT max(created_at) FROM leads)) AS VARCHAR) AS t`,
  );
  return { days, asOf: new Date(`${String(end?.t ?? "").slice(0, 10)}T00:00:00Z`).getTime() };
}

/** End of the period of `months` months starting at "YYYY-MM" (ms since epoch, UTC). */
function periodEnd(period: string, months: number): number {
  const [y, m] = period.split("-").map(Number);
  return Date.UTC(y, m - 1 + months, 1);
}

/**
 * Total spend, revenue and ROI over the channels with known cost, from lib/roi. A channel whose won
 * deals have no amount has unknown revenue (lib/roi: null): counting it as 0 would show ROI −100%,
 * so the total revenue and ROI are unknown then, with the reason in `revenue_note`.
 */
async function roiTotals(ctx: PageContext): Promise<Part<unknown>> {
  const { conn } = ctx;
  if (!(await hasRows(conn, "spend"))) return absent("This data has no spend, so cost and ROI are unknown.");
  const totals = await part("channel ROI", async () => {
    const report = await channelReports.roi(ctx);
    // The same channel suppression as the Channel ROI page: these sums minus its channels give no hidden channel away.
    if ((await channelSet(ctx, report)).spendWithheld) return null;
    const known = report.channels.filter(withSpend);
    const spend = known.reduce((s: number, c: any) => s + c.spend, 0);
    const unknown = known.filter((c: any) => c.revenue === null).length;
    const revenue = unknown ? null : known.reduce((s: number, c: any) => s + c.revenue, 0);
    const revenue_note = unknown
      ? `revenue unknown: no won deal has an amount in ${unknown} of the ${known.length} channels with spend`
      : null;
    return {
      spend,
      revenue,
      roi: revenue !== null && spend > 0 ? (revenue - spend) / spend : null,
      channels_with_spend: known.length,
      revenue_note,
    };
  });
  if (totals.available && totals.data === null)
    return absent(
      `The channels with spend have fewer than ${ctx.minCell} leads together, so their spend and revenue are not published.`,
    );
  return totals;
}
