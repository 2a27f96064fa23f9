import type { PageContext } from "./store.ts";
import { hasRows } from "./store.ts";
import { leadStages, shared } from "./shared.ts";
import { suppressPartition } from "../suppress.ts";
import { roiReport } from "../../roi/index.ts";
import { segmentsReport } from "../../segments/index.ts";
import * as funnel from "../../funnel/index.ts";
import { publishedChannels } from "./roi.ts";

/** The reports the pages that break leads down by channel read, computed once per build (shared.ts). */
export const channelReports = {
  roi: (ctx: PageContext) =>
    shared(ctx, "roiReport", async () => roiReport(ctx.conn, { leadStages: await leadStages(ctx) })),
  segments: (ctx: PageContext) => shared(ctx, "segmentsReport", () => segmentsReport(ctx.conn, {})),
  funnel: (ctx: PageContext) =>
    shared(ctx, "funnelReport", async () =>
      funnel.funnelReportWithCounts(ctx.conn, {
        by: ["channel"],
        cohort: "quarter",
        leadStages: await leadStages(ctx),
      }),
    ),
};

/** The additive counts a Segments row publishes besides its leads. */
export const SEGMENT_MEASURES = ["converted", "open", "excluded"] as const;

/** One name for the leads without a channel, whichever report labels them. */
export const channelKey = (name: unknown) =>
  name === null || name === undefined || name === "(missing)" || name === "(no channel)"
    ? "(no channel)"
    : String(name);

/**
 * The channels no page publishes. Channel ROI (leads, won, revenue, spend, MQLs, SQLs), Segments
 * (leads, conversion) and Funnel velocity (per transition: leads entering, moving on) each hold back
 * channels so that their own totals minus their shown channels give nothing away, but not the same
 * ones: the Overview's leads minus the channels either page shows gave the one small channel. So
 * every page holds back the union (still safe for each page: what it adds are large channels).
 */
export function hiddenChannels(ctx: PageContext): Promise<Set<string>> {
  return shared(ctx, "hiddenChannels", async () => {
    const { conn, minCell } = ctx;
    const hidden = new Set<string>();
    const add = (all: any[], shown: any[], name: (r: any) => unknown) => {
      for (const r of all) if (!shown.includes(r)) hidden.add(channelKey(name(r)));
    };
    if (await hasRows(conn, "spend")) {
      const report = await channelReports.roi(ctx).catch(() => null);
      if (report) add(report.channels, publishedChannels(report, minCell).rows, (c) => c.channel);
    }
    const segments = await channelReports.segments(ctx).catch(() => null);
    const channel = segments?.attributes.find((a: any) => a.attribute === "channel") as any;
    if (channel)
      add(
        channel.segments,
        suppressPartition(channel.segments, { minCell, measures: [...SEGMENT_MEASURES] }).rows,
        (g) => g.segment,
      );
    if (await hasRows(conn, "stage_events")) {
      const f = await channelReports.funnel(ctx).catch(() => null);
      // Only the transitions the page publishes (a transition under k shows no channel at all).
      const steps = f
        ? [...f.report.transitions, ...(f.report.time_to_convert ? [f.report.time_to_convert] : [])].filter(
            (t: any) => t.entered >= minCell,
          )
        : [];
      for (const t of steps) {
        const by = ((t as any).by ?? []).filter((g: any) => g.dimension === "channel");
        add(
          by,
          suppressPartition(by, {
            minCell,
            count: "entered",
            measures: ["moved_on", "timed", "excluded_quality", "undated"],
          }).rows,
          (g) => g.value,
        );
      }
    }
    return hidden;
  });
}
