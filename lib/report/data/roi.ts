import type { PageContext } from "./store.ts";
import { hasRows, meta } from "./store.ts";
import { absent, part } from "./part.ts";
import { suppress, suppressPartition } from "../suppress.ts";
import { channelKey, channelReports, hiddenChannels } from "./channels.ts";

/**
 * The Channel ROI page: lib/roi's spend, cost per stage, ROI and projected ROI per channel. Without
 * spend data the page says so instead of inventing costs; channels with fewer than k leads are not
 * published.
 */
export async function roiData(ctx: PageContext) {
  const { conn, minCell } = ctx;
  const currency = await meta(conn, "currency", null);
  if (!(await hasRows(conn, "spend")))
    return {
      currency,
      report: absent(
        "This data has no channel spend, so cost per lead and ROI cannot be computed. Load a spend file to see them.",
      ),
    };
  return {
    currency,
    report: await part("channel ROI", async () => {
      // The same report the Overview's ROI totals read: computed once per build.
      const report = await channelReports.roi(ctx);
      const s = await channelSet(ctx, report);
      const hidden = (report.channels as any[]).filter((c) => !s.rows.includes(c)).map((c) => String(c.channel));
      // Mean deal value per channel over fewer than k won deals would reveal single deal amounts.
      const dealValue = suppress((report.deal_value ?? []) as any[], { minCell }).rows.filter(
        (d) => !hidden.includes(String(d.channel)),
      );
      return {
        ...report,
        // The total is all channels: published unless every channel is hidden and they are under k together.
        total: s.totalWithheld ? null : report.total,
        channels: s.rows,
        deal_value: dealValue,
        notes: (report.notes ?? []).map((n: string) => redact(n, hidden)),
        suppressed: s.suppressed,
        projected_leads: projectedLeads(s.rows),
      };
    }),
  };
}

/**
 * The leads the projected value is over, summed over the published channels: open qualified leads,
 * and those of them with a score (the only ones counted). Not all leads: most are decided already.
 */
export function projectedLeads(channels: Array<{ open_qualified: number; scored: number }>): {
  open_qualified: number;
  scored: number;
} {
  return {
    open_qualified: channels.reduce((a, c) => a + c.open_qualified, 0),
    scored: channels.reduce((a, c) => a + c.scored, 0),
  };
}

/** The additive figures of a channel row: a published total of any of them minus the shown channels must not give a hidden one away. */
const CHANNEL_MEASURES = [
  "won",
  "revenue",
  "spend",
  "mqls",
  "sqls",
  "open_qualified",
  "scored",
  "projected_value",
] as const;

/**
 * The channels the site may publish (the Channel ROI page, the Overview's ROI totals and Explore's
 * `roi` table read the same set): channels under k leads are held back, and complementary channels
 * with them, so that neither the report's total (all channels) nor the Overview's spend and revenue
 * (over the channels with spend) minus the shown channels gives a hidden channel's figures.
 */
export function publishedChannels(report: { channels: any[] }, minCell: number) {
  return suppressPartition<any>(report.channels, {
    minCell,
    count: "leads",
    measures: [...CHANNEL_MEASURES],
    totals: [withSpend],
  });
}

/**
 * The channels the Channel ROI page and the Overview's ROI totals publish: {@link publishedChannels}
 * less every channel another page holds back (channels.ts), and whether the totals over all channels
 * and over those with spend are to be withheld (every such channel hidden, under k leads together).
 */
export async function channelSet(ctx: PageContext, report: { channels: any[] }) {
  const union = await hiddenChannels(ctx);
  const rows = publishedChannels(report, ctx.minCell).rows.filter((c: any) => !union.has(channelKey(c.channel)));
  const small = (group: any[]) =>
    group.length > 0 && group.every((c) => !rows.includes(c)) && group.reduce((a, c) => a + c.leads, 0) < ctx.minCell;
  return {
    rows,
    suppressed: report.channels.length - rows.length,
    totalWithheld: small(report.channels),
    spendWithheld: small(report.channels.filter(withSpend)),
  };
}

/** Channels that count in the Overview's spend and revenue totals. */
export const withSpend = (c: { spend: number | null }) => (c.spend ?? 0) > 0;

/** Replaces the names of suppressed groups in a sentence, so a note does not publish what a table held back. */
export function redact(text: string, names: string[]): string {
  let out = text;
  for (const name of names) out = out.split(name).join("(a small channel)");
  return out;
}
