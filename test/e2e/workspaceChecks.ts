// The checks of `leadlens tune` (the private tuning workspace) in real Chromium, shared by the demo
// and X Education files: every level of every input is editable, an untouched export is
// `points export`, moving a point changes the AUC to what lib/metrics computes in Node on the same
// leads scored by the exported table, the table's pass counts are the page's, nothing lands under
// dist/, and the server answers only to loopback names.
import { afterAll, beforeAll, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { PROJECT_DIR } from "../../lib/report/paths.ts";
import { auc } from "../../lib/metrics/index.ts";
import { openStore } from "../../lib/store/index.ts";
import { loadModel } from "../../lib/model/index.ts";
import { fromCsv, heldOutPairs, type HeldOutPairs } from "../../lib/scorecard/index.ts";
import { filesUnder } from "./site.ts";
import { launch, SCREENSHOTS } from "./browser.ts";
import { leadlens } from "./suite.ts";
import { setInput } from "./tunePage.ts";

const DIST = join(PROJECT_DIR, "dist");

/** What a workspace file sets up: a store with a fitted model, a rubric, and what the page should say. */
export interface WorkspaceCase {
  name: string;
  /** Makes the store (ingest + fit) and returns its path. */
  store(): string;
  rubric: string;
  /** The page's words for the leads it judges. */
  scope: RegExp;
}

/** Registers the workspace checks for one store. */
export function workspaceChecks(c: WorkspaceCase): void {
  let db: string;
  let child: ChildProcess;
  let url: string;
  let wsDir: string;
  let browser: Browser;
  let page: Page;
  let model: any;
  const errors: string[] = [];
  const offHost: string[] = [];
  const distBefore = existsSync(DIST) ? filesUnder(DIST).sort() : [];

  const shown = async () => {
    const s = page.locator("#ws-summary");
    const n = async (a: string) => Number(await s.getAttribute(a));
    return {
      auc: await n("data-auc"),
      leads: await n("data-leads"),
      mqlLeads: await n("data-mql-leads"),
      sqlLeads: await n("data-sql-leads"),
      mql: await n("data-mql"),
      sql: await n("data-sql"),
      points: JSON.parse((await s.getAttribute("data-points"))!) as number[][],
    };
  };
  const download = async (id: string) => {
    const [d] = await Promise.all([page.waitForEvent("download"), page.locator(id).click()]);
    return readFileSync((await d.path())!, "utf8");
  };
  // The model's judged leads scored by a points table with lib/scorecard's SQL (as `points compare` does).
  const scoredBy = async (csv: string): Promise<HeldOutPairs> => {
    const store = await openStore(db, { readOnly: true });
    try {
      return await heldOutPairs(store.conn, model, fromCsv(csv));
    } finally {
      await store.close();
    }
  };
  const passing = (h: HeldOutPairs, t: number) => h.rubric.reduce((s, r, i) => s + (r >= t ? h.weight[i] : 0), 0);
  const statusFor = (host: string) =>
    new Promise<number>((done, fail) =>
      request({ host: "127.0.0.1", port: new URL(url).port, path: "/data.json", headers: { host } }, (r) =>
        done(r.statusCode!),
      )
        .on("error", fail)
        .end(),
    );

  beforeAll(async () => {
    db = c.store();
    const store = await openStore(db, { readOnly: true });
    model = await loadModel(store.conn);
    await store.close();
    child = spawn(
      process.execPath,
      [join(PROJECT_DIR, "cli", "leadlens.js"), "tune", "--db", db, "--port", "0", "--rubric", c.rubric],
      { cwd: PROJECT_DIR, env: { ...process.env, LEADLENS_QUIET: "1" } },
    );
    const line = await new Promise<string>((done, fail) => {
      let out = "";
      let err = "";
      child.stdout!.on("data", (b) => {
        out += b;
        if (out.includes("\n")) done(out);
      });
      child.stderr!.on("data", (b) => (err += b));
      child.once("exit", (code) => fail(new Error(`leadlens tune exited ${code}: ${out}${err}`)));
    });
    url = line.match(/http:\/\/127\.0\.0\.1:\d+\//)![0];
    wsDir = line.match(/removes (\S+)\)/)![1];
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.hostname !== "127.0.0.1" && !["blob:", "data:"].includes(u.protocol)) offHost.push(r.url());
    });
    await page.goto(url, { waitUntil: "networkidle" });
    await page.locator("#ws-summary[data-auc]").waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    child?.kill("SIGTERM");
  });

  it("offers every level of every input, each inside its slider, and says which leads it judges", async () => {
    expect(await page.locator("#ws-points fieldset").count()).toBe(model.attributes.length);
    const boxes = await page
      .locator("#ws-points input[type=number]")
      .evaluateAll((els) =>
        els.map((e) => [
          Number((e as HTMLInputElement).min),
          Number((e as HTMLInputElement).max),
          Number((e as HTMLInputElement).value),
        ]),
      );
    const fitted = model.attributes.flatMap((a: any) => a.levels.map((l: any) => l.points));
    expect(boxes.map((b) => b[2])).toEqual(fitted);
    for (const [lo, hi, v] of boxes) expect(lo <= v && v <= hi).toBe(true);
    expect(await page.locator("#ws-scope").innerText()).toMatch(c.scope);
  });

  it("exports, untouched, exactly what `leadlens points export` writes, and its pass counts are the page's", async () => {
    const csv = await download("#ws-export-points");
    expect(csv).toBe(leadlens(["points", "export", "--db", db]));
    const s = await shown();
    const h = await scoredBy(csv);
    expect(s.auc).toBe(auc(h.y, h.rubric, h.weight));
    expect(s.leads).toBe(h.weight.reduce((a, b) => a + b, 0));
    expect(s.mqlLeads).toBe(passing(h, s.mql));
    expect(s.sqlLeads).toBe(passing(h, s.sql));
  });

  it("recomputes the AUC with lib/metrics when a point moves; the exported table reproduces it and the pass rate", async () => {
    const before = await shown();
    const fitted = model.attributes[0].levels[0].points;
    const changed = fitted > 0 ? -80 : 80;
    await setInput(page, "#ws-points input[type=number] >> nth=0", changed);
    await setInput(page, "#ws-mql", before.mql + 7);
    await page.waitForFunction(
      (b) => Number(document.querySelector("#ws-summary")?.getAttribute("data-auc")) !== b,
      before.auc,
    );
    const s = await shown();
    expect(s.points[0][0]).toBe(changed);
    expect(s.auc).not.toBe(before.auc);
    expect(await page.locator("#ws-auc").innerText()).toBe(s.auc.toFixed(4));
    const h = await scoredBy(await download("#ws-export-points"));
    // The same figure in Node: lib/metrics auc over the judged leads scored by the exported table.
    expect(s.auc).toBe(auc(h.y, h.rubric, h.weight));
    expect(s.mql).toBe(before.mql + 7);
    expect(s.mqlLeads).toBe(passing(h, s.mql));
    expect(JSON.parse(await download("#ws-export-thresholds"))).toEqual({
      model_id: model.model_id,
      mql: s.mql,
      sql: s.sql,
    });
    await page.screenshot({ path: join(SCREENSHOTS, `workspace-${c.name}.png`), fullPage: true });
  });

  it("compares with the rubric given on the command line, on the same leads", async () => {
    const h = await scoredBy(readFileSync(c.rubric, "utf8"));
    expect(await page.locator("#ws-summary").innerText()).toContain(
      `AUC of ${c.rubric.split("/").pop()}\t${auc(h.y, h.rubric, h.weight).toFixed(4)}`,
    );
  });

  it("warns when the SQL threshold is set below the MQL threshold, and counts SQLs as the exported table does", async () => {
    const before = await shown();
    expect(await page.locator("#ws-warning").count()).toBe(0);
    await setInput(page, "#ws-sql", before.mql - 5);
    await page.locator("#ws-warning").waitFor();
    const s = await shown();
    expect(s.sql).toBe(before.mql - 5);
    expect(s.sqlLeads).toBe(passing(await scoredBy(await download("#ws-export-points")), s.sql));
  });

  it("serves from a private temp folder, requests nothing off 127.0.0.1, answers only to loopback names, and leaves nothing under dist/", async () => {
    expect(errors).toEqual([]);
    expect(offHost).toEqual([]);
    expect(wsDir.startsWith(tmpdir())).toBe(true);
    expect(wsDir.startsWith(PROJECT_DIR)).toBe(false);
    expect(await statusFor("evil.example")).toBe(403);
    expect(await statusFor(new URL(url).host)).toBe(200);
    child.kill("SIGTERM");
    await new Promise((done) => child.once("exit", done));
    expect(existsSync(wsDir)).toBe(false);
    expect(existsSync(DIST) ? filesUnder(DIST).sort() : []).toEqual(distBefore);
  });
}
