import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { SHARED, ROOT, tempDir, writeSource } from "../loaders/helpers.ts";

const run = (...args: string[]) =>
  spawnSync("node", ["cli/leadlens.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });

describe("leadlens ingest", () => {
  it("--json prints exactly one object with the documented keys, exit 0", () => {
    const db = join(tempDir(), "db.duckdb");
    const r = run("ingest", "olist", "--dir", join(SHARED, "olist-marketing-funnel"), "--db", db, "--json");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out).sort()).toEqual([
      "rows_loaded",
      "rows_read",
      "rows_rejected",
      "run_id",
      "source",
      "status",
      "tables",
    ]);
    expect(out).toMatchObject({
      source: "olist",
      status: "loaded",
      rows_read: 8842,
      rows_loaded: 8842,
      rows_rejected: 0,
    });
    expect(out.tables).toEqual({ leads: 8000, stage_events: 8842, outcomes: 842, activities: 0, spend: 0 });
    const again = JSON.parse(
      run("ingest", "olist", "--dir", join(SHARED, "olist-marketing-funnel"), "--db", db, "--json").stdout,
    );
    expect(again).toMatchObject({ status: "unchanged", tables: out.tables });
  });

  it("prints a human summary with the top reject reasons and how to see them", () => {
    const dir = tempDir();
    const cfg = writeSource(
      dir,
      { "l.csv": "id,created\nA,2024-01-01\nB,soon\nC,later\n,2024-01-02\n" },
      { source: "s", leads: { file: "l.csv", id: "id", created_at: "created" } },
    );
    const r = run("ingest", cfg, "--db", join(dir, "db.duckdb"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/4 rows read, 1 loaded, 3 rejected/);
    expect(r.stdout).toMatch(/2 +unparseable date/);
    expect(r.stdout).toMatch(/1 +missing lead id/);
    expect(r.stdout).toMatch(/SELECT \* FROM rejects WHERE run_id = '/);
  });

  it("exits 1 with one paragraph and no stack trace on a user error", () => {
    const dir = tempDir();
    const stderr: string[] = [];
    for (const args of [
      ["ingest", "olist", "--db", join(dir, "a.duckdb")],
      [
        "ingest",
        writeSource(
          dir,
          {},
          { source: "s", leads: { file: "l.csv", id: "id" }, attributes: [{ name: "x", role: "fit.demo" }] },
        ),
        "--db",
        join(dir, "b.duckdb"),
      ],
      ["ingest", "no-such-preset", "--db", join(dir, "c.duckdb")],
      ["ingest", "demo", "--leads", "many", "--db", join(dir, "d.duckdb")],
    ]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^leadlens: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
      stderr.push(r.stderr);
    }
    expect(stderr[0]).toMatch(/needs --dir/);
    expect(stderr[1]).toMatch(/attributes\[0\]\.role: expected one of/);
    expect(stderr[2]).toMatch(/neither a config file nor a preset/);
    expect(stderr[3]).toMatch(/--leads: expected a whole number/);
  });

  it("has --help", () => {
    const r = run("ingest", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--dir <folder>/);
    expect(r.stdout).toMatch(/--json/);
  });
});
