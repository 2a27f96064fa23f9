import { describe, it, expect, beforeAll } from "vitest";
import { analyzeJson, ingestInto, leadlens } from "./analyzeHelpers.ts";

// A small demo store with a fitted, calibrated model and scores: projected value and scorecard bins.
let db: string;
beforeAll(() => {
  db = ingestInto("demo", "--leads", "6000", "--seed", "3");
  for (const cmd of ["fit", "score"]) {
    const r = leadlens(cmd, "--db", db);
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  }
});

describe("analyze with a scored model", () => {
  it("ROI projects the value of open qualified leads with an interval and a projected ROI", () => {
    const r = analyzeJson(db, "roi");
    for (const c of r.channels) {
      expect(c.scored).toBe(c.open_qualified);
      expect(c.projected_value).toBeGreaterThan(0);
      const [lo, hi] = c.projected_value_ci;
      expect(lo).toBeLessThanOrEqual(c.projected_value);
      expect(hi).toBeGreaterThan(c.projected_value);
      expect(c.projected_roi).toBeCloseTo((c.revenue + c.projected_value - c.spend) / c.spend, 9);
    }
    // The total adds the channels' projected values (same deal groups, independent leads).
    const sum = r.channels.reduce((a: number, c: any) => a + c.projected_value, 0);
    expect(r.total.projected_value).toBeCloseTo(sum, 6);
    expect(r.notes.join(" ")).toMatch(/conservative/);
  });

  it("segments of numeric attributes use the scorecard's bins", () => {
    const s = analyzeJson(db, "segments", "--by", "pages_viewed");
    expect(s.bins_from.model_id).toMatch(/^m-/);
    expect(s.attributes[0].segments.length).toBeGreaterThanOrEqual(2);
    expect(s.attributes[0].segments.reduce((a: number, x: any) => a + x.n, 0)).toBe(6000);
  });

  it("segments --quantiles overrides the scorecard's bins of numeric attributes", () => {
    const card = analyzeJson(db, "segments", "--by", "pages_viewed").attributes[0].segments.filter(
      (x: any) => x.segment !== "(missing)",
    );
    const s = analyzeJson(db, "segments", "--by", "pages_viewed", "--quantiles", "10");
    expect(s.bins_from).toEqual({ from: "quantiles", model_id: null, quantiles: 10 });
    const bins = s.attributes[0].segments.filter((x: any) => x.segment !== "(missing)");
    // Deciles of a count with ties: more bins than the scorecard's, at most 10, covering every lead.
    expect(bins.length).toBeGreaterThan(card.length);
    expect(bins.length).toBeLessThanOrEqual(10);
    expect(s.attributes[0].segments.reduce((a: number, x: any) => a + x.n, 0)).toBe(6000);
    const text = leadlens("analyze", "segments", "--by", "pages_viewed", "--quantiles", "10", "--db", db);
    expect(text.stdout).toMatch(/Numeric bins: 10 quantile bins\./);
  });
});
