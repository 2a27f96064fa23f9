import { describe, expect, it } from "vitest";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReport } from "../../../lib/report/build.ts";
import { stagingFolder } from "../../../lib/report/outdir.ts";
import { isUserError } from "../../../lib/errors/UserError.ts";
import { writeFixtureStore } from "./fixtureStore.ts";

/** A folder holding a previous report (as checkOutput recognises one) with a marker page in it. */
function previousReport(): { parent: string; out: string } {
  const parent = mkdtempSync(join(tmpdir(), "leadlens-published-"));
  const out = join(parent, "dist");
  mkdirSync(join(out, "_observablehq"), { recursive: true });
  writeFileSync(join(out, "index.html"), "<h1>published yesterday</h1>");
  writeFileSync(join(out, "_observablehq", "client.js"), "// old");
  return { parent, out };
}

/** The mode mkdir gives a folder under this process's umask. */
function normalMode(): number {
  const dir = mkdtempSync(join(tmpdir(), "leadlens-mode-"));
  mkdirSync(join(dir, "d"));
  return statSync(join(dir, "d")).mode & 0o777;
}

describe("buildReport refuses what the user can fix, with one clear message", () => {
  it("a missing database", async () => {
    const e = await buildReport({ db: "/nonexistent/leadlens.duckdb" }).catch((x) => x);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/No leadlens database at \/nonexistent\/leadlens.duckdb.*leadlens ingest demo/);
  });

  it("a minimum cell size that is not a whole number of leads", async () => {
    const e = await buildReport({ db: "x", minCell: 0 }).catch((x) => x);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/--min-cell/);
  });

  it("an output folder that holds something other than a previous report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-out-"));
    const db = join(dir, "store.duckdb");
    writeFileSync(db, "");
    writeFileSync(join(dir, "keep.txt"), "x");
    const e = await buildReport({ db, out: dir }).catch((x) => x);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/not empty and does not hold a previous leadlens report/);
  });
});

describe("a failed build leaves the published site as it was (issue 12 item 9)", () => {
  it("--rubric naming a missing file: refused before anything is touched", async () => {
    const { parent, out } = previousReport();
    const db = join(parent, "store.duckdb");
    writeFileSync(db, "");
    const e = await buildReport({ db, out, rubric: join(parent, "missing.csv") }).catch((x) => x);
    expect(isUserError(e), String(e)).toBe(true);
    expect(e.message).toMatch(/--rubric .*missing\.csv: no such file/);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("<h1>published yesterday</h1>");
    expect(readdirSync(parent).sort()).toEqual(["dist", "store.duckdb"]);
  });

  it("a build that fails part-way (after vendoring), then one that succeeds and swaps in", async () => {
    const { parent, out } = previousReport();
    const db = join(parent, "store.duckdb");
    writeFileSync(db, "this is not a DuckDB file");
    const e = await buildReport({ db, out }).catch((x) => x);
    expect(e).toBeInstanceOf(Error);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("<h1>published yesterday</h1>");
    expect(readFileSync(join(out, "_observablehq", "client.js"), "utf8")).toBe("// old");
    expect(readdirSync(parent).sort(), "no staging folder left behind").toEqual(["dist", "store.duckdb"]);

    rmSync(db);
    await writeFixtureStore(db);
    const r = await buildReport({ db, out });
    expect(r.out).toBe(out);
    expect(readFileSync(join(out, "index.html"), "utf8")).not.toContain("published yesterday");
    expect(existsSync(join(out, "segments.html"))).toBe(true);
    expect(existsSync(join(out, "_observablehq", "client.js")), "nothing of the old site is left").toBe(false);
    expect(readdirSync(parent).sort(), "no staging or old folder left beside --out").toEqual(["dist", "store.duckdb"]);
    expect(statSync(out).mode & 0o777, "--out readable as a normal mkdir'd folder (a web server as another user)").toBe(
      normalMode(),
    );
  }, 300_000);

  it("the staging folder (which becomes --out) has a normal folder's mode, not mkdtemp's 0700", () => {
    const parent = mkdtempSync(join(tmpdir(), "leadlens-published-"));
    const a = stagingFolder(join(parent, "dist"));
    const b = stagingFolder(join(parent, "dist"));
    expect(a).not.toBe(b);
    expect(statSync(a).mode & 0o777).toBe(normalMode());
  });
});
