import { csvTable } from "../../csv/index.ts";
import type { PageContext } from "./store.ts";

/** Page data already computed in this process (see precompute.ts), by page name. */
export type PageCache = Record<string, unknown>;
import { overviewData } from "./overview.ts";
import { segmentsData } from "./segments.ts";
import { funnelData } from "./funnel.ts";
import { roiData } from "./roi.ts";

/**
 * The published aggregates as flat tables for the Explore page's SQL cell (DuckDB-wasm reads CSV;
 * Parquet would need an extension download in the browser). Built from the same already-suppressed
 * page data, so nothing appears here that the pages do not publish.
 */
export const exploreTables: Record<
  string,
  (ctx: PageContext, pages?: PageCache) => Promise<Record<string, unknown>[]>
> = {
  async monthly(ctx, pages) {
    const o: any = pages?.overview ?? (await overviewData(ctx));
    return o.monthly.rows.map((m: any) => ({
      month: m.period,
      leads: m.n,
      won: m.won,
      rate: m.rate,
      ci_low: m.ci_low,
      ci_high: m.ci_high,
    }));
  },
  async segments(ctx, pages) {
    const s: any = pages?.segments ?? (await segmentsData(ctx));
    if (!s.report.available) return [];
    return s.report.data.attributes.flatMap((a: any) =>
      a.segments.map((g: any) => ({
        attribute: a.attribute,
        segment: g.segment,
        leads: g.n,
        converted: g.converted,
        rate: g.rate,
        ci_low: g.ci_low,
        ci_high: g.ci_high,
        lift: g.lift,
      })),
    );
  },
  async funnel(ctx, pages) {
    const f: any = pages?.funnel ?? (await funnelData(ctx));
    if (!f.report.available) return [];
    return f.report.data.transitions.flatMap((t: any) =>
      [{ dimension: "all", value: "all", ...t }, ...t.by].map((g: any) => ({
        transition: `${t.from} → ${t.to}`,
        dimension: g.dimension,
        value: g.value,
        entered: g.entered,
        moved_on: g.moved_on,
        rate: g.rate,
        ci_low: g.ci_low,
        ci_high: g.ci_high,
        km_median_days: g.km_median_days,
        naive_median_days: g.naive_median_days,
      })),
    );
  },
  async roi(ctx, pages) {
    const r: any = pages?.roi ?? (await roiData(ctx));
    if (!r.report.available) return [];
    return r.report.data.channels.map((c: any) => ({
      channel: c.channel,
      spend: c.spend,
      leads: c.leads,
      mqls: c.mqls,
      sqls: c.sqls,
      won: c.won,
      revenue: c.revenue,
      cost_per_lead: c.cost_per_lead,
      cost_per_won: c.cost_per_won,
      roi: c.roi,
      projected_roi: c.projected_roi,
    }));
  },
};

/** CSV text of one explore table; an empty table still has a header so SQL over it works. */
export async function exploreCsv(name: string, ctx: PageContext, pages?: PageCache): Promise<string> {
  const rows = await exploreTables[name](ctx, pages);
  // A one-column placeholder keeps the table queryable; the Explore page reads "not in this data".
  // Labels come from the data (`=HYPERLINK(…)` as a channel name): csvTable neutralises formulas.
  return rows.length ? csvTable(rows) : "note\nnot in this data\n";
}
