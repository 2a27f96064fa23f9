import type { PageContext } from "./store.ts";
import { overviewData } from "./overview.ts";
import { segmentsData } from "./segments.ts";
import { funnelData } from "./funnel.ts";
import { roiData } from "./roi.ts";
import { modelData } from "./modelPage.ts";
import { qualificationData } from "./qualification.ts";
import { qualityData } from "./quality.ts";
import { tuneData } from "./tune.ts";

/** Every JSON data file of the site (src/data/<name>.json) and the function that computes it. */
export const PAGE_DATA: Record<string, (ctx: PageContext) => Promise<unknown>> = {
  overview: overviewData,
  segments: segmentsData,
  funnel: funnelData,
  roi: roiData,
  model: modelData,
  qualification: qualificationData,
  quality: qualityData,
  tune: tuneData,
};

/** The Explore page's CSV tables (src/data/explore/<name>.csv). */
export const EXPLORE_TABLES = ["monthly", "segments", "funnel", "roi"] as const;
