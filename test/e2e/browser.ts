// Shared helpers for the e2e suite: a headless Chromium through playwright-core, and a page visit that
// records console errors, off-host requests and a screenshot.
import { chromium, type Browser, type Page } from "playwright-core";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { PROJECT_DIR } from "../../lib/report/paths.ts";

/** Debian's chromium, used when installed. */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(PROJECT_DIR, "test-results", "screenshots");

/** Every page of the site, by URL path. */
export const PAGES = ["/", "/segments", "/funnel", "/roi", "/model", "/qualification", "/quality", "/explore", "/tune"];

/** The flags that keep chromium off the network (see docs/report.md). */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Unpacks the Chromium shipped inside the npm package @sparticuz/chromium into a folder of its own
 * under the temp folder, once per package version, and returns the binary's path.
 *
 * The package unpacks into the temp folder itself (`/tmp/chromium`), and a second process that starts
 * while the first is still writing finds a half-written binary. So the unpacking runs in a child
 * process whose TMPDIR is a fresh folder, and that folder is renamed into place when complete: a
 * rename is atomic, so parallel test files (and other checkouts on the machine) see all or nothing.
 */
async function npmChromium(): Promise<string> {
  const main = createRequire(import.meta.url).resolve("@sparticuz/chromium");
  const entry = pathToFileURL(main).href;
  const pkg = join(dirname(main), "..", "package.json");
  const version = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  const dir = join(tmpdir(), `leadlens-chromium-${version}`);
  const exe = join(dir, "chromium");
  if (existsSync(exe)) return exe;
  const staging = mkdtempSync(join(tmpdir(), "leadlens-chromium-unpack-"));
  try {
    const script = `const c = (await import(${JSON.stringify(entry)})).default; process.stdout.write(await c.executablePath());`;
    const env = { ...process.env, TMPDIR: staging };
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { env });
    if (stdout !== join(staging, "chromium"))
      throw new Error(`@sparticuz/chromium unpacked to ${stdout}, expected ${join(staging, "chromium")}`);
    // The package's fonts.conf names /tmp/fonts; point it at this folder (used when the machine has no fontconfig).
    writeFileSync(
      join(staging, "fonts", "fonts.conf"),
      `<?xml version="1.0"?>\n<fontconfig><dir>${dir}/fonts</dir><cachedir>${dir}/fonts-cache</cachedir></fontconfig>\n`,
    );
    renameSync(staging, dir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    // Another process finished first: its folder is complete, use it.
    if (!(existsSync(exe) && (code === "ENOTEMPTY" || code === "EEXIST"))) throw e;
  }
  return exe;
}

/**
 * The Chromium the e2e tests drive: LEADLENS_CHROMIUM when set (a path, or `npm` for the npm
 * package's), else Debian's when installed, else the one inside @sparticuz/chromium, so a machine
 * with only Node runs the e2e suite.
 */
export async function chromiumExecutable(): Promise<{ exe: string; env?: NodeJS.ProcessEnv }> {
  const choice = process.env.LEADLENS_CHROMIUM;
  if (choice && choice !== "npm") {
    if (!existsSync(choice)) throw new Error(`LEADLENS_CHROMIUM=${choice} does not exist`);
    return { exe: choice };
  }
  if (!choice && existsSync(DEBIAN_CHROMIUM)) return { exe: DEBIAN_CHROMIUM };
  const exe = await npmChromium();
  // Without a system fontconfig, the package's own fonts (Open Sans) are all the browser has.
  const env = existsSync("/etc/fonts/fonts.conf")
    ? undefined
    : { ...process.env, FONTCONFIG_PATH: join(dirname(exe), "fonts") };
  return { exe, env };
}

/** Launches chromium with the flags that keep it off the network (see docs/report.md). */
export async function launch(): Promise<Browser> {
  const { exe, env } = await chromiumExecutable();
  return chromium.launch({ executablePath: exe, args: FLAGS, ...(env ? { env } : {}) });
}

/** Waits until Framework has rendered every cell of the page (no loading placeholders left). */
export async function waitForCells(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector("observablehq-loading, .observablehq--loading") &&
      document.querySelectorAll("#observablehq-main .observablehq").length > 0,
    null,
    { timeout: 60_000 },
  );
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
  await waitForCells(page);
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
