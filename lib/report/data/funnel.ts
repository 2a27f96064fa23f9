import type { PageContext } from "./store.ts";
import { hasRows } from "./store.ts";
import { absent, part } from "./part.ts";
import { suppress, suppressPartition } from "../suppress.ts";
import { channelKey, channelReports, hiddenChannels } from "./channels.ts";
import * as funnel from "../../funnel/index.ts";
import * as survival from "../../survival/index.ts";

/** At most this many points per published Kaplan–Meier curve (the step shape survives thinning). */
const CURVE_POINTS = 120;

/**
 * The Funnel velocity page: lib/funnel's report (conversion with Wilson intervals, Kaplan–Meier and
 * naive medians) and, for the charts, the Kaplan–Meier curve of each transition overall and per
 * channel as P(moved on by day t). Groups with fewer than k entered leads are not published.
 */
export async function funnelData(ctx: PageContext) {
  const { conn, minCell } = ctx;
  if (!(await hasRows(conn, "stage_events")))
    return { report: absent("This data has no funnel stage history, so there is no funnel to show.") };
  return {
    report: await part("funnel", async () => {
      // The report and the curves read the same velocity counts (one pass over the stage history).
      const { report, counts } = await channelReports.funnel(ctx);
      // Channels another page holds back are held back here too (channels.ts).
      const union = await hiddenChannels(ctx);
      const keep = (t: any) => ({
        ...t,
        by: publishedGroups(t.by ?? [], minCell).filter(
          (g: any) => g.dimension !== "channel" || !union.has(channelKey(g.value)),
        ),
      });
      const transitions = suppress(report.transitions, { minCell, count: "entered" }).rows.map(keep);
      const ttc =
        report.time_to_convert && report.time_to_convert.entered >= minCell ? keep(report.time_to_convert) : null;
      // Data-quality exclusions are counts of source rows with bad dates (shown even when small, like
      // the Data quality page), renamed so they are not read as a group of leads; only the kind of
      // problem is published, not the row's own dates that the note may quote.
      const data_quality = (report.data_quality ?? []).map((q: any) => ({
        note: String(q.reason).split(":")[0].trim(),
        rows: q.leads,
      }));
      // A channel's curve is published only where its row of the transition is.
      const shown = new Set(
        [...transitions, ...(ttc ? [ttc] : [])].flatMap((t: any) =>
          t.by.filter((g: any) => g.dimension === "channel").map((g: any) => `${t.from}\u0000${t.to}\u0000${g.value}`),
        ),
      );
      return {
        ...report,
        data_quality,
        transitions,
        time_to_convert: ttc,
        curves: report.velocity_available ? curves(counts, report, minCell, shown) : [],
      };
    }),
  };
}

/**
 * A transition's groups per dimension (channel, cohort) partition the leads that entered it, whose
 * count is published: complementary suppression within each dimension, over every count a row adds.
 */
function publishedGroups(by: any[], minCell: number): any[] {
  const dims = [...new Set(by.map((g) => g.dimension))];
  const kept = new Set(
    dims.flatMap(
      (d) =>
        suppressPartition(
          by.filter((g) => g.dimension === d),
          { minCell, count: "entered", measures: ["moved_on", "timed", "excluded_quality", "undated"] },
        ).rows,
    ),
  );
  return by.filter((g) => kept.has(g));
}

/** Kaplan–Meier curves per transition, overall and per published channel, from the report's own velocity counts. */
function curves(rows: funnel.VelocityCountRow[], report: funnel.FunnelReport, minCell: number, shown: Set<string>) {
  const steps = funnel.transitionsOf(report.stages);
  const out: { transition: string; group: string; n: number; day: number; moved_on: number }[] = [];
  steps.forEach((s: any, t: number) => {
    const groups = new Map<string, any[]>();
    for (const r of rows)
      if (r.t === t && (r.dim === "all" || r.dim === "channel") && !r.excluded && r.duration !== null) {
        const key = r.dim === "all" ? "all leads" : String(r.value);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push({ time: r.duration, events: r.events, censored: r.censored });
      }
    for (const [group, counts] of groups) {
      const n = counts.reduce((a, c) => a + c.events + c.censored, 0);
      if (n < minCell || (group !== "all leads" && !shown.has(`${s.from}\u0000${s.to}\u0000${group}`))) continue;
      const km = survival.kaplanMeierFromCounts(counts);
      // The last step is time to convert (first stage → won); for a two-stage funnel such as Olist's
      // it has the same stages as the only transition, so it needs a label of its own.
      const label = t === steps.length - 1 ? `time to convert: ${s.from} → ${s.to}` : `${s.from} → ${s.to}`;
      out.push({ transition: label, group, n, day: 0, moved_on: 0 });
      const every = Math.max(1, Math.ceil(km.times.length / CURVE_POINTS));
      km.times.forEach((time: number, j: number) => {
        if (j % every === 0 || j === km.times.length - 1)
          out.push({ transition: label, group, n, day: time, moved_on: 1 - km.survival[j] });
      });
      out.push({ transition: label, group, n, day: km.maxTime, moved_on: 1 - (km.survival.at(-1) ?? 1) });
    }
  });
  return out;
}
