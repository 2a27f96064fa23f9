// The report site built from a small synthetic store without a model: every page renders without
// errors or off-host requests, pages whose data is missing say so, the build runs without network,
// and dist/ leaks no lead-level data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { serveReport, type Preview } from "../../lib/report/serve.ts";
import { writeFixtureStore } from "../lib/report/fixtureStore.ts";
import { buildSite, canUnshare, publishedText } from "./site.ts";
import { launch, visit, PAGES, waitForCells } from "./browser.ts";
import { pageChecks, privacyChecks, type SiteState } from "./suite.ts";

let state: SiteState;
let preview: Preview;
let browser: Browser;

beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-e2e-")), "fixture.duckdb");
  await writeFixtureStore(db);
  const site = buildSite(db, 10);
  preview = await serveReport(site.out, 0);
  browser = await launch();
  const visits = new Map();
  for (const path of PAGES) visits.set(path, await visit(browser, preview.url, path, "fixture"));
  state = { db, k: 10, site, visits };
});

/** Opens a page of the built site and waits until every cell has rendered. */
async function rendered(path: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(preview.url + path.replace(/^\//, ""), { waitUntil: "networkidle" });
  await waitForCells(page);
  return page;
}

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

describe("the report built from a synthetic store without a model", () => {
  const offline = canUnshare();
  if (!offline)
    console.warn(
      "SKIPPED the offline build check: `unshare -n` (and `unshare -rn`) is not permitted on this machine, so the build ran with the network available.",
    );
  it.skipIf(!offline)("builds with networking switched off (inside unshare -n)", () => {
    expect(state.site.offline).toBe(offline);
    expect(state.site.log).not.toMatch(/fetch failed|ENOTFOUND|unable to fetch/);
  });

  pageChecks(() => state);
  privacyChecks(() => state);

  it("shows the headline numbers and charts where the data has them", () => {
    expect(state.visits.get("/")!.text).toContain("1,500");
    expect(state.visits.get("/")!.svgMarks).toBeGreaterThan(10);
    expect(state.visits.get("/funnel")!.svgMarks).toBeGreaterThan(10);
    expect(state.visits.get("/quality")!.svgMarks).toBeGreaterThan(0);
  });

  it("says in words that the model pages need a fitted model", () => {
    for (const path of ["/model", "/qualification", "/tune"]) {
      expect(state.visits.get(path)!.unavailable, path).toBeGreaterThan(0);
      expect(state.visits.get(path)!.text).toMatch(/leadlens fit/);
    }
  });

  it("answers SQL over the published aggregates in the browser (Explore)", () => {
    expect(state.visits.get("/explore")!.text).toMatch(/monthly \(6 columns\)/);
    expect(state.visits.get("/explore")!.text).toContain("2024-01");
  });

  it("draws monthly conversion only for months old enough to have converted, and says which are left out", async () => {
    const page = await rendered("/");
    // Twelve months of leads; 2024-10 … 2024-12 are younger than the 90-day window at the data's end.
    expect(await page.locator("#monthly-rate svg g[aria-label=dot] circle").count()).toBe(9);
    const caption = await page.locator("#monthly-rate figcaption").innerText();
    expect(caption).toMatch(/share of the leads created in each month/);
    expect(caption).toMatch(
      /Not drawn: 3 months \(2024-10 to 2024-12\), whose leads have had less than 90 days to convert/,
    );
    await page.close();
  });

  it("labels the missing-values axis in % and its ticks count in %, not in fractions", async () => {
    const page = await rendered("/quality");
    const ticks = (
      await page.locator("#missing-chart svg g[aria-label='x-axis tick label'] text").allTextContents()
    ).map(Number);
    // About 5% of visits are missing in the fixture: ticks 0, 1, …, 5 (were 0.00 … 0.05).
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.every(Number.isInteger)).toBe(true);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(4);
    expect(await page.locator("#missing-chart svg").innerHTML()).toContain("Missing (% of leads)");
    await page.close();
  });

  it("holds back the channel and the industry with fewer than k leads, also in notes", () => {
    const text =
      publishedText(state.site.out)
        .filter((f) => f.file.startsWith("_file/"))
        .map((f) => f.text)
        .join("\n") + readFileSync(join(state.site.out, "index.html"), "utf8");
    expect(text).toContain("paid_search");
    expect(text).not.toContain("tiny_channel");
    expect(text).not.toContain("mining");
  });
});
