// The full main job on demo data (ingest → fit → score → build): every page with its charts, the
// Tune page recomputing the AUC with lib/ code, and the same privacy checks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { serveReport, type Preview } from "../../lib/report/serve.ts";
import { tuneSummary } from "../../lib/report/tune/summary.ts";
import { auc } from "../../lib/metrics/index.ts";
import { buildSite } from "./site.ts";
import { PROJECT_DIR } from "../../lib/report/paths.ts";
import { launch, visit, PAGES, SCREENSHOTS } from "./browser.ts";
import { leadlens, pageChecks, privacyChecks, type SiteState } from "./suite.ts";

let state: SiteState;
let preview: Preview;
let browser: Browser;

beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), "leadlens-e2e-demo-")), "demo.duckdb");
  leadlens(["ingest", "demo", "--leads", "6000", "--seed", "7", "--db", db]);
  leadlens(["fit", "--db", db]);
  leadlens(["score", "--db", db]);
  const examples = join(PROJECT_DIR, "data", "examples");
  const site = buildSite(db, 10, { rubric: join(examples, "rubric-demo.csv"), rules: join(examples, "rules-demo.yml") });
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

  it("shows the current rubric beside the fitted model, and the disqualification rules with the converters they lose", () => {
    expect(state.visits.get("/model")!.text).toMatch(/Current rubric AUC\s*0\.\d{3}/);
    expect(state.visits.get("/qualification")!.text).toContain("students");
    expect(state.visits.get("/qualification")!.text).toMatch(/converters lost/);
  });

  it("Tune: moving a slider changes the AUC, and the page's AUC equals lib/metrics auc in Node", async () => {
    const dataDir = join(state.site.out, "_file", "data");
    const tuneFile = readdirSync(dataDir).find((f) => f.startsWith("tune."))!;
    const tune = JSON.parse(readFileSync(join(dataDir, tuneFile), "utf8")).tune.data;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${preview.url}tune`, { waitUntil: "networkidle" });
    const summary = page.locator("#tune-summary");
    await summary.waitFor();
    const before = Number(await summary.getAttribute("data-auc"));
    const fitted = tune.attributes.map((a: any) => a.levels.map((l: any) => l.points));
    expect(before).toBeCloseTo(tuneSummary(tune.patterns, tune.base, fitted, tune.threshold).auc, 12);
    // Give the first level of the first attribute a very different weight.
    const first = page.locator("#tune-points input[type=number]").first();
    const changed = fitted[0][0] > 0 ? -40 : 40;
    await first.fill(String(changed));
    await first.dispatchEvent("input");
    await page.waitForFunction((b) => Number(document.querySelector("#tune-summary")?.getAttribute("data-auc")) !== b, before);
    const after = Number(await summary.getAttribute("data-auc"));
    const points = JSON.parse((await summary.getAttribute("data-points"))!);
    expect(points[0][0]).toBe(changed);
    expect(after).not.toBe(before);
    // The same figure in Node: lib/metrics auc over the published patterns with the page's points.
    const score = tune.patterns.map((p: any) => p.codes.reduce((s: number, c: number, j: number) => s + points[j][c], tune.base));
    const y = tune.patterns.flatMap(() => [1, 0]);
    const s = score.flatMap((v: number) => [v, v]);
    const w = tune.patterns.flatMap((p: any) => [p.conversions, p.leads - p.conversions]);
    expect(after).toBe(auc(y, s, w));
    const shown = await page.locator("#tune-summary .big").first().innerText();
    expect(shown).toBe(after.toFixed(4));
    await page.screenshot({ path: join(SCREENSHOTS, "demo-tune-moved.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
