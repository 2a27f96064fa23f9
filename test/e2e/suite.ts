// The checks every built site must pass, shared by the e2e files (fixture, demo, Olist, X Education).
import { expect, it } from "vitest";
import { csvParse } from "d3-dsv";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { openStore, all, ident } from "../../lib/store/index.ts";
import { PROJECT_DIR } from "../../lib/report/paths.ts";
import { publishedText, type BuiltSite } from "./site.ts";
import { PAGES, type Visit } from "./browser.ts";
import { scanPublished } from "../lib/report/publishedScan.ts";

/** Runs a `leadlens` command for test setup; throws with its output when it fails. */
export function leadlens(args: string[]): string {
  const r = spawnSync(process.execPath, [join(PROJECT_DIR, "cli", "leadlens.js"), ...args], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });
  if (r.status !== 0) throw new Error(`leadlens ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** State the suite reads once beforeAll has run. */
export interface SiteState {
  db: string;
  k: number;
  site: BuiltSite;
  visits: Map<string, Visit>;
}

/** Page checks: no console errors, no off-host requests, charts (or a sentence) on every page. */
export function pageChecks(state: () => SiteState): void {
  it.each(PAGES)("page %s loads with no console error and no request off 127.0.0.1", (path) => {
    const v = state().visits.get(path)!;
    expect(v.errors).toEqual([]);
    expect(v.offHost).toEqual([]);
  });

  it.each(PAGES)("page %s shows its main charts, or says in words why it cannot", (path) => {
    const v = state().visits.get(path)!;
    // Explore's output is the query result table; Tune's is the recomputed summary.
    if (path === "/explore") expect(v.tables).toBeGreaterThan(0);
    else if (path === "/tune")
      expect(/Held-out AUC|AUC \(in-sample, k-fold model\)/.test(v.text) || v.unavailable > 0).toBe(true);
    else expect(v.svgMarks + v.unavailable).toBeGreaterThan(0);
  });
}

/** Published-data checks: no lead id, no personal value, no cell under k. */
export function privacyChecks(state: () => SiteState): void {
  it("publishes no lead id and no value of a personal column", async () => {
    const { db, site } = state();
    const store = await openStore(db, { readOnly: true });
    const ids = (await all<{ id: string }>(store.conn, "SELECT DISTINCT lead_id AS id FROM leads")).map((r) => r.id);
    const personal = (
      await all<{ name: string }>(store.conn, "SELECT DISTINCT name FROM attributes WHERE personal")
    ).map((r) => r.name);
    const values = new Set<string>();
    for (const name of personal) {
      for (const r of await all<{ v: string }>(
        store.conn,
        `SELECT DISTINCT CAST(${ident(name)} AS VARCHAR) AS v FROM leads WHERE ${ident(name)} IS NOT NULL`,
      ))
        values.add(r.v);
    }
    await store.close();
    expect(ids.length).toBeGreaterThan(100);
    // Data files, pages and page modules: the vendored libraries (_npm/, _observablehq/) are the same
    // code in every build and hold no data.
    const files = publishedText(site.out).filter(
      (f) => !f.file.startsWith("_npm/") && !f.file.startsWith("_observablehq/"),
    );
    // Only ids long enough to be recognisable (a 3-character id would match ordinary text).
    const needles = [...ids, ...values].filter((v) => v.length >= 6);
    for (const { file, text } of files) {
      for (const needle of needles)
        if (text.includes(needle)) throw new Error(`${file} contains "${needle}" (a lead id or a personal value)`);
      for (const name of personal)
        expect(text.includes(`"${name}"`), `${file} names the personal column ${name}`).toBe(false);
    }
  });

  it("no file of dist/ holds a personal value, a server path, or a hidden cell recoverable from a published total", async () => {
    const { db, site, k } = state();
    expect(await scanPublished(site.out, db, k)).toEqual([]);
  });

  it("publishes no cell with fewer than k leads", () => {
    const { site, k } = state();
    const data = publishedText(site.out).filter((f) => f.file.startsWith("_file/data/"));
    expect(data.length).toBeGreaterThan(5);
    let cells = 0;
    const check = (n: unknown, where: string) => {
      if (typeof n !== "number") return;
      cells++;
      expect(n, where).toBeGreaterThanOrEqual(k);
    };
    const walk = (x: unknown, where: string) => {
      if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${where}[${i}]`));
      else if (x && typeof x === "object") {
        const o = x as Record<string, unknown>;
        for (const key of ["n", "entered", "leads"]) check(o[key], `${where}.${key}`);
        for (const [key, v] of Object.entries(o)) walk(v, `${where}.${key}`);
      }
    };
    for (const { file, text } of data) {
      if (file.endsWith(".json")) walk(JSON.parse(text), file);
      else if (file.endsWith(".csv")) {
        csvParse(text).forEach((row, r) => {
          for (const key of ["leads", "entered"])
            if (row[key] !== undefined && row[key] !== "") check(Number(row[key]), `${file} row ${r + 1} ${key}`);
        });
      }
    }
    expect(cells).toBeGreaterThan(10);
  });
}
