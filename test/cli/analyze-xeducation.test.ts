import { describe, it, expect, beforeAll } from "vitest";
import { analyzeJson, ingestInto, leadlens, shared } from "./analyzeHelpers.ts";

let db: string;
beforeAll(() => {
  db = ingestInto("x-education", "--file", `${shared}x-education-leads/Leads.csv`);
});

describe("analyze on X Education (no dates, no spend)", () => {
  it("segments work without dates, with missing answers as their own segment", () => {
    const s = analyzeJson(db, "segments", "--by", "lead_origin,specialization");
    expect(s.overall.n).toBe(9240);
    expect(s.overall.converted / s.overall.n).toBeCloseTo(0.385, 3);
    expect(s.attributes.map((a: any) => a.attribute)).toEqual([
      "lead_origin",
      "specialization",
      "lead_origin × specialization",
    ]);
    const spec = s.attributes[1].segments;
    // "Select" means unanswered: it is missing, not a category.
    expect(spec.some((x: any) => x.segment === "Select")).toBe(false);
    expect(spec.find((x: any) => x.segment === "(missing)").n).toBeGreaterThanOrEqual(1942);
    expect(s.attributes[2].segments.some((x: any) => x.small)).toBe(true);
  });

  it("numeric attributes fall into quantile bins when no model exists", () => {
    const s = analyzeJson(db, "segments", "--by", "total_visits");
    const segs = s.attributes[0].segments;
    expect(segs.length).toBeGreaterThanOrEqual(4);
    expect(segs.find((x: any) => x.segment === "(missing)").n).toBe(137);
    expect(segs.reduce((a: number, x: any) => a + x.n, 0)).toBe(9240);
  });

  it("the funnel says in words that velocity is unavailable: no dates", () => {
    const f = analyzeJson(db, "funnel");
    expect(f.velocity_available).toBe(false);
    expect(f.notes.join(" ")).toMatch(/Velocity unavailable: this data has no dates/);
    expect(f.time_to_convert.km_median_days).toBeNull();
    expect(f.time_to_convert.moved_on / f.time_to_convert.entered).toBeCloseTo(0.385, 3);
    expect(leadlens("analyze", "funnel", "--db", db).stdout).toMatch(/Velocity unavailable/);
  });
});
