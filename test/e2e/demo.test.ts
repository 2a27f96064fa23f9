// The full main job on demo data (ingest → fit → score → build): every page with its charts, the
// Tune page's pass rate against its downloaded table, and the same privacy checks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { serveReport, type Preview } from "../../lib/report/serve.ts";
import { buildSite } from "./site.ts";
import { PROJECT_DIR } from "../../lib/report/paths.ts";
import { launch, visit, PAGES } from "./browser.ts";
import { leadlens, pageChecks, privacyChecks, type SiteState } from "./suite.ts";
import { csvPassCount, downloadCsv, openTune, setInput, shown } from "./tunePage.ts";

let state: SiteState;
let preview: Preview;
let browser: Browser;

beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-e2e-demo-")), "demo.duckdb");
  leadlens(["ingest", "demo", "--leads", "6000", "--seed", "7", "--db", db]);
  leadlens(["fit", "--db", db]);
  leadlens(["score", "--db", db]);
  const examples = join(PROJECT_DIR, "data", "examples");
  const site = buildSite(db, 10, {
    rubric: join(examples, "rubric-demo.csv"),
    rules: join(examples, "rules-demo.yml"),
  });
  preview = await serveReport(site.out, 0);
  browser = await launch();
  const visits = new Map();
  for (const path of PAGES) visits.set(path, await visit(browser, preview.url, path, "demo"));
  state = { db, k: 10, site, visits };
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

describe("the report built from demo data with a fitted model", () => {
  pageChecks(() => state);
  privacyChecks(() => state);

  it("shows every analysis: none of the main pages falls back to a sentence", () => {
    for (const path of ["/", "/segments", "/funnel", "/roi", "/model", "/qualification"]) {
      expect(state.visits.get(path)!.svgMarks, path).toBeGreaterThan(10);
    }
    expect(state.visits.get("/")!.text).toMatch(/Model AUC \(held-out\)\s*0\.\d{3}/);
    expect(state.visits.get("/tune")!.text).toContain("Held-out AUC");
    // Every rate with its interval: points-table conversion and decile response rate.
    expect(state.visits.get("/model")!.text).toMatch(/conversion \(95% CI\)/);
    expect(state.visits.get("/model")!.text).toMatch(/response rate \(95% CI\)/);
    expect(state.visits.get("/model")!.text).toMatch(/\d+\.\d% \(\d+\.\d–\d+\.\d%\)/);
  });

  it("ROI: the projected value's n is the open qualified leads, not every lead", () => {
    const dataDir = join(state.site.out, "_file", "data");
    const roi = JSON.parse(readFileSync(join(dataDir, readdirSync(dataDir).find((f) => f.startsWith("roi."))!), "utf8"))
      .report.data;
    const open = roi.channels.reduce((a: number, c: any) => a + c.open_qualified, 0);
    const leads = roi.channels.reduce((a: number, c: any) => a + c.leads, 0);
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(leads);
    expect(state.visits.get("/roi")!.text).toContain(
      `n = ${Math.round(open).toLocaleString("en-US")} open qualified leads`,
    );
  });

  it("shows the current rubric beside the fitted model, and the disqualification rules with the converters they lose", () => {
    expect(state.visits.get("/model")!.text).toMatch(/Current rubric AUC\s*0\.\d{3}/);
    expect(state.visits.get("/qualification")!.text).toContain("students");
    expect(state.visits.get("/qualification")!.text).toMatch(/converters lost/);
  });

  it("Tune: with too few held-out leads to tune privately, every attribute keeps its fitted points; the pass rate shown is the downloaded table's over the same leads", async () => {
    const dataDir = join(state.site.out, "_file", "data");
    const tune = JSON.parse(
      readFileSync(join(dataDir, readdirSync(dataDir).find((f) => f.startsWith("tune."))!), "utf8"),
    ).tune.data;
    // 823 held-out leads, ten attributes: no tuned level × other attributes' points group reaches
    // 10 leads for 80% of them, so only the threshold moves (the page says so).
    expect(tune.attributes).toEqual([]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await openTune(page, preview.url);
    expect(await page.locator("#tune-scope").innerText()).toMatch(
      /No attribute can be tuned without publishing groups of fewer than 10 leads/,
    );
    const csv = await downloadCsv(page);
    expect(csv).toBe(leadlens(["points", "export", "--db", state.db]));
    for (const move of [0, 12]) {
      if (move) {
        const before = (await shown(page)).threshold;
        await setInput(page, "#tune-threshold input[type=number]", before + move);
        await page.waitForFunction(
          (b) => Number(document.querySelector("#tune-summary")?.getAttribute("data-threshold")) !== b,
          before,
        );
      }
      const s = await shown(page);
      const c = await csvPassCount(state.db, csv, [], state.k, s.threshold);
      expect(c.leads).toBeGreaterThan(300);
      expect({ leads: s.leads, mql: s.mql }).toEqual(c);
      expect(s.text).toContain(
        `${((100 * c.mql) / c.leads).toFixed(1)}% of ${c.leads.toLocaleString("en-US")} held-out leads`,
      );
    }
    // One word for what the figures are on, everywhere on the page.
    const text = await page.locator("#observablehq-main").innerText();
    expect(text).toContain("Held-out AUC");
    expect(await page.locator("#tune-gains figcaption").innerText()).toMatch(/^Cumulative gains on held-out patterns/);
    expect(text).not.toMatch(/in-sample/i);
    expect(errors).toEqual([]);
    await page.close();
  });
});
