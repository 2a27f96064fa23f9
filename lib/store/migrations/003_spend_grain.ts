/**
 * Migration 3: spend keeps its campaign, impressions and clicks (issue 14, spend at any grain).
 *
 * Ad platforms export spend per ad or ad set, often with impressions and clicks; ingest sums such rows
 * to channel × campaign × period, and keeps the sums so ROI can show cost per click beside cost per
 * lead. Existing rows get NULLs: their campaign, impressions and clicks were never read.
 */
export const version = 3;
export const name = "spend gains campaign, impressions and clicks";

export const sql = `
ALTER TABLE spend ADD COLUMN campaign VARCHAR;
ALTER TABLE spend ADD COLUMN impressions DOUBLE;
ALTER TABLE spend ADD COLUMN clicks DOUBLE;
`;
