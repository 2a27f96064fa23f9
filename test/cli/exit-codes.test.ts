import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";

const run = (...args: string[]) => spawnSync("node", ["cli/leadlens.js", ...args], { encoding: "utf8" });

describe("leadlens command", () => {
  it("prints help with exit code 0", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: leadlens/);
    expect(r.stdout).toMatch(/ingest/);
  });
  it("exits 1 with one clear line on an unknown command", () => {
    const r = run("no-such-command");
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const t = run("tune");
    expect(t.status).toBe(1);
    expect(t.stdout).toBe("");
    expect(t.stderr).toMatch(/^leadlens: unknown command "tune"\. Did you mean `leadlens report build`.* Run `leadlens --help` for the commands\.\n$/);
  });
});

describe("commands on a database without leads", () => {
  it("fit names the missing file instead of creating it", async () => {
    const { mkdtempSync, existsSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const db = join(mkdtempSync(join(tmpdir(), "leadlens-")), "none.duckdb");
    const r = run("fit", "--db", db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No leadlens database at .*none\.duckdb/);
    expect(existsSync(db)).toBe(false);
  });
  it("fit on an empty store says it holds no leads and what to run", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { openStore } = await import("../../lib/store/index.ts");
    const db = join(mkdtempSync(join(tmpdir(), "leadlens-")), "empty.duckdb");
    await (await openStore(db)).close();
    const r = run("fit", "--db", db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/holds no leads.*leadlens ingest demo/);
  });
});
