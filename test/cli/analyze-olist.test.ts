import { describe, it, expect, beforeAll } from "vitest";
import { analyzeJson, ingestInto, leadlens, shared } from "./analyzeHelpers.ts";

let db: string;
let f: any;
beforeAll(() => {
  db = ingestInto("olist", "--dir", `${shared}olist-marketing-funnel`);
  f = analyzeJson(db, "funnel");
});

describe("analyze on the Olist marketing funnel", () => {
  it("time to convert censors the 7,158 never-won leads at the data's end and shows the naive median of 14 days beside KM", () => {
    expect(f.as_of).toBe("2018-11-14 18:04:19");
    const t = f.time_to_convert;
    expect([t.from, t.to, t.entered, t.moved_on]).toEqual(["mql", "won", 8000, 842]);
    // 7,158 censored + 841 won with usable dates; the deal won before its first contact is left out.
    expect(t.timed).toBe(7999);
    expect(t.excluded_quality).toBe(1);
    expect(t.naive_median_days).toBe(14);
    // Most leads never convert: P(won) stays near 10%, so there is no KM median — not a fast one.
    expect(t.km_median_days).toBeNull();
    // Cross-checked by an independent product-limit computation in Python from the raw CSVs
    // (completed days, never-won leads censored at 2018-11-14 18:04:19, the negative one dropped).
    expect(t.p_within["30"]).toBeCloseTo(0.06925865733216663, 12);
    expect(t.p_within["90"]).toBeCloseTo(0.0863857982247781, 12);
    expect(t.p_within["180"]).toBeCloseTo(0.0968092625708723, 12);
    expect(f.transitions).toHaveLength(1);
  });

  it("reports the deal won before its first contact as a data-quality note, in JSON and in the table", () => {
    expect(f.data_quality).toHaveLength(1);
    expect(f.data_quality[0].leads).toBe(1);
    expect(f.data_quality[0].reason).toMatch(/before/);
    const text = leadlens("analyze", "funnel", "--db", db).stdout;
    expect(text).toMatch(/Data quality — left out of velocity/);
    expect(text).toMatch(/1 lead\(s\): outcome before creation/);
  });

  it("segments by origin reproduce the published conversion rates (won out of all MQLs: --rate all)", () => {
    const s = analyzeJson(db, "segments", "--by", "channel", "--rate", "all");
    expect(s.overall).toMatchObject({ n: 8000, converted: 842 });
    const segs = s.attributes[0].segments;
    expect(segs.find((x: any) => x.segment === "organic_search")).toMatchObject({
      n: 2296,
      converted: 271,
      small: false,
    });
    expect(segs.find((x: any) => x.segment === "email")).toMatchObject({ n: 493, converted: 15 });
    // Empty origin (60 rows) is its own segment, distinct from the value "unknown".
    expect(segs.find((x: any) => x.segment === "(missing)").n).toBe(60);
    expect(segs.find((x: any) => x.segment === "unknown").n).toBe(1099);
    expect(s.attributes[0].p_value).toBeLessThan(1e-10);
    for (const x of segs) {
      expect(Object.keys(x)).toEqual([
        "segment",
        "n",
        "converted",
        "rate",
        "ci_low",
        "ci_high",
        "lift",
        "small",
        "open",
        "n_effective",
        "excluded",
        "note",
        "open_artifact",
      ]);
    }
    expect(s.rate.description).toMatch(/all leads \(open leads count as not won\)/);
  });

  it("segments by default rate P(won within H days) with open MQLs censored, H printed", () => {
    const s = analyzeJson(db, "segments", "--by", "channel");
    expect(s.rate.basis.kind).toBe("within");
    expect(s.rate.horizon_from).toBe("data");
    // Olist records no lost deals: every MQL not won is open, and is censored at its age.
    expect(s.rate.open).toBe(7158);
    expect(s.overall.n).toBe(8000);
    // Censoring-aware: above wins-within-H out of all MQLs, as MQLs younger than H may still win.
    expect(s.overall.converted).toBeLessThan(842);
    expect(s.overall.rate).toBeGreaterThan(s.overall.converted / 8000);
    expect(s.overall.n_effective).toBeLessThan(8000);
    const text = leadlens("analyze", "segments", "--db", db, "--by", "channel").stdout;
    expect(text).toMatch(new RegExp(`Rates: won within ${s.rate.basis.days} days of creation \\(open leads censored`));
    expect(text).toMatch(/7,158 leads open/);
    const decided = analyzeJson(db, "segments", "--by", "channel", "--rate", "decided");
    // Every decided Olist MQL is a win: the closed-deal rate is 100%, and says what it is over.
    expect(decided.overall).toMatchObject({ n: 842, converted: 842, rate: 1 });
  });

  it("ROI has no spend: every channel is cost unknown, never infinite", () => {
    const r = analyzeJson(db, "roi");
    expect(r.channels.length).toBe(11);
    for (const c of r.channels)
      expect(c).toMatchObject({ spend: null, roi: null, cost_per_lead: null, cost_unknown: true });
    expect(r.notes.join(" ")).toMatch(/Cost unknown/);
  });

  it("names a wrong option value in one line with exit code 1", () => {
    const r = leadlens("analyze", "funnel", "--db", db, "--cohort", "week");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--cohort: expected one of month, quarter, got "week"/);
    const bad = leadlens("analyze", "segments", "--db", db, "--from", "2018-02-30", "--by", "origin");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--from: expected a date like 2024-03-01, got "2018-02-30"/);
    const unknown = leadlens("analyze", "segments", "--db", db, "--by", "origin");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no lead attribute named "origin".*channel/);
  });
});
