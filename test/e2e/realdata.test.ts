// The report from the two real datasets (../shared/data): Olist (dates, no spend) and X Education
// (no dates, no spend). Each builds a complete site; pages whose data does not exist say so in words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { serveReport, type Preview } from "../../lib/report/serve.ts";
import { buildSite } from "./site.ts";
import { launch, visit, PAGES } from "./browser.ts";
import { leadlens, pageChecks, privacyChecks, type SiteState } from "./suite.ts";

const SHARED = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../shared/data");

const sources = {
  olist: ["ingest", "olist", "--dir", join(SHARED, "olist-marketing-funnel")],
  "x-education": ["ingest", "x-education", "--file", join(SHARED, "x-education-leads", "Leads.csv")],
} as const;

const states = new Map<string, SiteState>();
const previews: Preview[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  for (const [name, ingest] of Object.entries(sources)) {
    const db = join(mkdtempSync(join(tmpdir(), `leadlens-e2e-${name}-`)), `${name}.duckdb`);
    leadlens([...ingest, "--db", db]);
    leadlens(["fit", "--db", db]);
    leadlens(["score", "--db", db]);
    const site = buildSite(db, 10);
    const preview = await serveReport(site.out, 0);
    previews.push(preview);
    const visits = new Map();
    for (const path of PAGES) visits.set(path, await visit(browser, preview.url, path, name));
    states.set(name, { db, k: 10, site, visits });
  }
});

afterAll(async () => {
  await browser?.close();
  for (const p of previews) await p.close();
});

for (const name of Object.keys(sources)) {
  describe(`the report built from ${name}`, () => {
    pageChecks(() => states.get(name)!);
    privacyChecks(() => states.get(name)!);

    it("says in words that there is no spend, instead of an ROI chart", () => {
      const roi = states.get(name)!.visits.get("/roi")!;
      expect(roi.unavailable).toBeGreaterThan(0);
      expect(roi.text).toMatch(/no channel spend/);
    });

    it("shows segments and the model with their charts", () => {
      expect(states.get(name)!.visits.get("/segments")!.svgMarks).toBeGreaterThan(10);
      expect(states.get(name)!.visits.get("/model")!.svgMarks).toBeGreaterThan(10);
    });
  });
}

describe("data-specific pages", () => {
  it("Olist: the funnel shows Kaplan–Meier curves, and the deal won before its first contact is visible", () => {
    const s = states.get("olist")!;
    expect(s.visits.get("/funnel")!.svgMarks).toBeGreaterThan(10);
    expect(s.visits.get("/funnel")!.text + s.visits.get("/quality")!.text).toMatch(
      /outcome before creation|before (its |the )?first contact/i,
    );
    // Only the kind of problem is published, not the lead's own dates.
    expect(s.visits.get("/quality")!.text).not.toContain("2018-03-06");
    expect(s.visits.get("/")!.text).toContain("8,000");
  });

  it("X Education: no dates, so velocity and the period comparison say so in words", () => {
    const s = states.get("x-education")!;
    expect(s.visits.get("/")!.text).toMatch(/no lead creation dates/);
    expect(s.visits.get("/funnel")!.text).toMatch(/no (stage )?dates|no funnel stage history|no dates/i);
    expect(s.visits.get("/")!.text).toContain("9,240");
    // k-fold model: the Tune page's figures are on the leads the fitted points learned from, and say so.
    expect(s.visits.get("/tune")!.text).toContain("AUC (in-sample, k-fold model)");
    expect(s.visits.get("/tune")!.text).not.toContain("Held-out AUC");
  });
});
