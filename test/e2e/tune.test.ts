// The Tune page on a model every attribute of which can be tuned, with points beyond ±60 (pdo 100):
// the sliders hold the fitted points, an untouched download is the fitted table, moving a slider
// changes the AUC as lib/metrics computes it in Node, and the pass rate shown is the downloaded
// table's over the same leads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { serveReport, type Preview } from "../../lib/report/serve.ts";
import { auc } from "../../lib/metrics/index.ts";
import { buildSite } from "./site.ts";
import { launch, SCREENSHOTS } from "./browser.ts";
import { leadlens } from "./suite.ts";
import { csvPassCount, downloadCsv, openTune, setInput, shown } from "./tunePage.ts";

const K = 10;
let db: string;
let tune: any;
let preview: Preview;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "leadlens-e2e-tune-"));
  db = join(dir, "demo.duckdb");
  writeFileSync(join(dir, "scoring.yml"), "attributes: [pages_viewed, profile]\npdo: 100\n");
  leadlens(["ingest", "demo", "--leads", "6000", "--seed", "7", "--db", db]);
  leadlens(["fit", "--config", join(dir, "scoring.yml"), "--db", db]);
  const site = buildSite(db, K);
  const dataDir = join(site.out, "_file", "data");
  tune = JSON.parse(readFileSync(join(dataDir, readdirSync(dataDir).find((f) => f.startsWith("tune."))!), "utf8")).tune
    .data;
  preview = await serveReport(site.out, 0);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => errors.push(e.message));
  await openTune(page, preview.url);
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

describe("the Tune page", () => {
  it("tunes both attributes, some of whose fitted points lie beyond ±60", () => {
    expect(tune.attributes.map((a: any) => a.name).sort()).toEqual(["pages_viewed", "profile"]);
    expect(
      Math.max(...tune.attributes.flatMap((a: any) => a.levels.map((l: any) => Math.abs(l.points)))),
    ).toBeGreaterThan(60);
  });

  it("holds every fitted level inside its slider, and an untouched download is the fitted table", async () => {
    const ranges = await page
      .locator("#tune-points input[type=range]")
      .evaluateAll((els) =>
        els.map((e) => [
          Number((e as HTMLInputElement).min),
          Number((e as HTMLInputElement).max),
          Number((e as HTMLInputElement).value),
        ]),
      );
    const fitted = tune.attributes.flatMap((a: any) => a.levels.map((l: any) => l.points));
    expect(ranges.map((r) => r[2])).toEqual(fitted);
    for (const [i, [lo, hi]] of ranges.entries()) {
      expect(lo, `slider ${i}`).toBeLessThanOrEqual(fitted[i]);
      expect(hi, `slider ${i}`).toBeGreaterThanOrEqual(fitted[i]);
    }
    expect(await downloadCsv(page)).toBe(leadlens(["points", "export", "--db", db]));
    const s = await shown(page);
    expect({ leads: s.leads, mql: s.mql }).toEqual(
      await csvPassCount(
        db,
        await downloadCsv(page),
        tune.attributes.map((a: any) => a.name),
        K,
        s.threshold,
      ),
    );
  });

  it("recomputes the AUC with lib/metrics when a slider moves, and the pass rate shown stays the downloaded table's", async () => {
    const before = (await shown(page)).auc;
    const fitted = tune.attributes.map((a: any) => a.levels.map((l: any) => l.points));
    // Give the first level of the first attribute a very different weight.
    const changed = fitted[0][0] > 0 ? -40 : 40;
    await setInput(page, "#tune-points input[type=number] >> nth=0", changed);
    await page.waitForFunction(
      (b) => Number(document.querySelector("#tune-summary")?.getAttribute("data-auc")) !== b,
      before,
    );
    const s = await shown(page);
    const points = JSON.parse((await page.locator("#tune-summary").getAttribute("data-points"))!);
    expect(points[0][0]).toBe(changed);
    expect(s.auc).not.toBe(before);
    // The same figure in Node: lib/metrics auc over the published patterns with the page's points.
    const score = tune.patterns.map((p: any) =>
      p.codes.reduce((t: number, c: number, j: number) => t + points[j][c], tune.base + p.rest),
    );
    const y = tune.patterns.flatMap(() => [1, 0]);
    const sc = score.flatMap((v: number) => [v, v]);
    const w = tune.patterns.flatMap((p: any) => [p.conversions, p.leads - p.conversions]);
    expect(s.auc).toBe(auc(y, sc, w));
    expect(await page.locator("#tune-summary .big").first().innerText()).toBe(s.auc.toFixed(4));
    const csv = await downloadCsv(page);
    expect(csv).not.toBe(leadlens(["points", "export", "--db", db]));
    const c = await csvPassCount(
      db,
      csv,
      tune.attributes.map((a: any) => a.name),
      K,
      s.threshold,
    );
    expect({ leads: s.leads, mql: s.mql }).toEqual(c);
    expect(s.text).toContain(
      `${((100 * c.mql) / c.leads).toFixed(1)}% of ${c.leads.toLocaleString("en-US")} held-out leads`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, "tune-moved.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
