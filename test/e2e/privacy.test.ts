// Issue 12 ("Private means private") on a built site: a store with a personal model input (sales
// agents), a 3-lead channel with one won deal of 1,995 and an ingest run that recorded an absolute
// path, fitted, scored and built at k = 10. Every file of dist/ is scanned, and the Explore page
// refuses statements that would make DuckDB-wasm fetch an extension or a URL, in real Chromium,
// with no request off 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { serveReport, type Preview } from "../../lib/report/serve.ts";
import { writeFixtureStore } from "../lib/report/fixtureStore.ts";
import { scanPublished } from "../lib/report/publishedScan.ts";
import { buildSite, type BuiltSite } from "./site.ts";
import { launch } from "./browser.ts";
import { leadlens } from "./suite.ts";

let db: string;
let site: BuiltSite;
let preview: Preview;
let browser: Browser;

beforeAll(async () => {
  db = join(mkdtempSync(join(tmpdir(), "leadlens-e2e-privacy-")), "privacy.duckdb");
  await writeFixtureStore(db, 1500, { privacy: true });
  leadlens(["fit", "--db", db]);
  leadlens(["score", "--db", db]);
  site = buildSite(db, 10);
  preview = await serveReport(site.out, 0);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

/** Runs `query` in the Explore page's SQL box; returns what the page shows and every request off 127.0.0.1. */
async function explore(
  query: string,
): Promise<{ text: string; refused: boolean; offHost: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const offHost: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.hostname !== "127.0.0.1" && !["data:", "blob:"].includes(url.protocol)) offHost.push(r.url());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${preview.url}explore`, { waitUntil: "networkidle" });
  await page.locator("#observablehq-main table").first().waitFor({ timeout: 60_000 });
  const box = page.locator("#observablehq-main textarea");
  await box.fill(query);
  await page.locator("#observablehq-main form button, #observablehq-main input[type=submit]").first().click();
  // The answer: a refusal, a result table for this query, or an error cell.
  await page.waitForFunction(
    () =>
      document.querySelector("[data-refused]") ||
      document.querySelector(".observablehq--error") ||
      document.querySelectorAll("#observablehq-main table").length > 0,
    null,
    { timeout: 30_000 },
  );
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1500);
  const refused = (await page.locator("[data-refused]").count()) > 0;
  const text = await page.locator("#observablehq-main").innerText();
  await page.close();
  return { text, refused, offHost, errors };
}

describe("the site built from a store with a personal input and a 3-lead channel", () => {
  it("no file of dist/ holds a personal value, a server path, or a hidden cell recoverable from a published total", async () => {
    expect(await scanPublished(site.out, db, 10)).toEqual([]);
  });

  it.each([
    "SELECT * FROM read_json('https://example.com/leads.json')",
    "SELECT * FROM read_parquet('https://example.com/leads.parquet')",
    "SELECT * FROM parquet_scan('monthly.parquet')",
    "SELECT json_extract('{\"a\": 1}', '$.a') AS a",
    "INSTALL httpfs",
    "LOAD json",
    "ATTACH 'https://example.com/x.duckdb' AS x",
    "COPY (SELECT * FROM monthly) TO 'out.parquet' (FORMAT parquet)",
    "SELECT * FROM 'https://example.com/data.csv'",
  ])("Explore refuses %s with a sentence, and makes no request off 127.0.0.1", async (query) => {
    const r = await explore(query);
    expect(r.offHost).toEqual([]);
    expect(r.refused, r.text).toBe(true);
    expect(r.text).toMatch(/not available here|not read here/);
  });

  it("a statement the guard lets through still cannot fetch an extension: DuckDB is locked off the network", async () => {
    // The INET type lives in the inet extension, which DuckDB would autoload from its extensions
    // host; the guard does not list it, so DuckDB itself must refuse (an error cell, no request).
    const r = await explore("SELECT '127.0.0.1'::INET AS ip");
    expect(r.offHost).toEqual([]);
    expect(r.refused).toBe(false);
    expect(r.text).toMatch(/inet|extension|external access|autoload/i);
  });

  it("Explore still answers a query over the published tables", async () => {
    const r = await explore("SELECT month, leads FROM monthly ORDER BY month LIMIT 3");
    expect(r.refused).toBe(false);
    expect(r.text).toContain("2024-01");
    expect(r.offHost).toEqual([]);
    expect(r.errors).toEqual([]);
  });
});
