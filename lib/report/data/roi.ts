import type { PageContext } from "./store.ts";
import { hasRows, meta } from "./store.ts";
import { absent, lib, part } from "./part.ts";
import { suppress } from "../suppress.ts";

/**
 * The Channel ROI page: lib/roi's spend, cost per stage, ROI and projected ROI per channel. Without
 * spend data the page says so instead of inventing costs; channels with fewer than k leads are not
 * published.
 */
export async function roiData({ conn, minCell }: PageContext) {
  const currency = await meta(conn, "currency", null);
  if (!(await hasRows(conn, "spend"))) return { currency, report: absent("This data has no channel spend, so cost per lead and ROI cannot be computed. Load a spend file to see them.") };
  return {
    currency,
    report: await part("channel ROI", async () => {
      const { roiReport } = await import(lib("roi"));
      const report = await roiReport(conn, {});
      const s = suppress(report.channels, { minCell, count: "leads" as any });
      return { ...report, channels: s.rows, suppressed: s.suppressed };
    }),
  };
}
