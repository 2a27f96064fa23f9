// Shared helpers for the e2e suite: Debian's chromium through playwright-core, and a page visit that
// records console errors, off-host requests and a screenshot.
import { chromium, type Browser } from "playwright-core";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_DIR } from "../../lib/report/paths.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(PROJECT_DIR, "test-results", "screenshots");

/** Every page of the site, by URL path. */
export const PAGES = ["/", "/segments", "/funnel", "/roi", "/model", "/qualification", "/quality", "/explore", "/tune"];

/** Launches chromium with the flags that keep it off the network (see docs/report.md). */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** What one page visit saw. */
export interface Visit {
  errors: string[];
  offHost: string[];
  svgMarks: number;
  unavailable: number;
  tables: number;
  text: string;
}

/**
 * Opens `base + path`, waits until Framework has rendered every cell (no loading placeholders left),
 * saves a full-page screenshot as `<name>-<page>.png`.
 */
export async function visit(browser: Browser, base: string, path: string, name: string): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const offHost: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["127.0.0.1"].includes(url.hostname) && !["data:", "blob:"].includes(url.protocol)) offHost.push(r.url());
  });
  await page.goto(base + path.replace(/^\//, ""), { waitUntil: "networkidle" });
  await page.waitForFunction(() => !document.querySelector("observablehq-loading, .observablehq--loading") && document.querySelectorAll("#observablehq-main .observablehq").length > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const slug = path === "/" ? "overview" : path.slice(1);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${slug}.png`), fullPage: true });
  const svgMarks = await page.locator("#observablehq-main svg [aria-label] > *").count();
  const unavailable = await page.locator("[data-unavailable]").count();
  const tables = await page.locator("#observablehq-main table").count();
  const errorCells = await page.locator(".observablehq--error").allInnerTexts();
  errors.push(...errorCells.map((t) => `cell error: ${t}`));
  const text = await page.locator("#observablehq-main").innerText();
  await page.close();
  return { errors, offHost, svgMarks, unavailable, tables, text };
}
