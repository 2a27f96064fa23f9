import { mkdirSync } from "node:fs";
import { writeFileAtomic } from "../../files/index.ts";
import { join, resolve } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { openStore } from "../../store/index.ts";
import { overviewData } from "../data/overview.ts";
import { funnelData } from "../data/funnel.ts";
import { segmentsData } from "../data/segments.ts";
import { toSvg } from "./render.ts";
import { kmSpec, monthlyLeadsSpec, rateSpec } from "./specs.ts";

export { toSvg } from "./render.ts";
export { monthlyLeadsSpec, rateSpec, kmSpec } from "./specs.ts";

/** Options for {@link exportCharts}. */
export interface ExportOptions {
  db: string;
  out: string;
  minCell: number;
}

/**
 * Writes the report's headline charts as SVG files for slides, from the same suppressed page data
 * the site publishes. Charts whose data does not exist are skipped and listed.
 *
 * @example
 * await exportCharts({ db: "data/leadlens.duckdb", out: "charts", minCell: 10 })
 * // → { written: ["charts/leads-per-month.svg", "charts/stage-conversion.svg", …], skipped: ["channel ROI: no spend"] }
 */
export async function exportCharts(options: ExportOptions): Promise<{ written: string[]; skipped: string[] }> {
  const store = await openStore(options.db, { readOnly: true });
  const ctx = { conn: store.conn, minCell: options.minCell };
  const specs: [string, TopLevelSpec | string][] = [];
  try {
    const o = await overviewData(ctx);
    specs.push([
      "leads-per-month",
      o.monthly.rows.length ? monthlyLeadsSpec(o.monthly.rows) : "leads per month: no creation dates",
    ]);
    const f = await funnelData(ctx);
    if (f.report.available) {
      const r = f.report.data as any;
      specs.push([
        "stage-conversion",
        rateSpec(
          "Stage conversion",
          r.transitions.map((t: any) => ({
            label: `${t.from} → ${t.to}`,
            rate: t.rate,
            ci_low: t.ci_low,
            ci_high: t.ci_high,
            n: t.entered,
          })),
          "Moved on",
        ),
      ]);
      const first = r.transitions[0];
      const curve = first ? r.curves.filter((c: any) => c.transition === `${first.from} → ${first.to}`) : [];
      specs.push([
        "time-in-first-stage",
        curve.length
          ? kmSpec(`Time to move on: ${first.from} → ${first.to}`, curve)
          : "time in stage: no dated stage history",
      ]);
    } else specs.push(["stage-conversion", `funnel: ${f.report.reason}`]);
    const s = await segmentsData(ctx);
    if (s.report.available) {
      const a = (s.report.data as any).attributes[0];
      if (a)
        specs.push([
          `conversion-by-${a.attribute}`,
          rateSpec(
            `Conversion by ${a.attribute}`,
            a.segments.map((g: any) => ({
              label: g.segment,
              rate: g.rate,
              ci_low: g.ci_low,
              ci_high: g.ci_high,
              n: g.n,
            })),
            "Converted",
          ),
        ]);
    } else specs.push(["segments", `segments: ${s.report.reason}`]);
  } finally {
    await store.close();
  }
  mkdirSync(resolve(options.out), { recursive: true });
  const written: string[] = [];
  const skipped: string[] = [];
  for (const [name, spec] of specs) {
    if (typeof spec === "string") {
      skipped.push(spec);
      continue;
    }
    const file = join(options.out, `${name}.svg`);
    writeFileAtomic(file, await toSvg(spec)); // a chart embedded elsewhere is never seen half-written
    written.push(file);
  }
  return { written, skipped };
}
