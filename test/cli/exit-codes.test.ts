import { describe, it, expect, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../lib/store/index.ts";
import { snapshot, tempDir, writeSource } from "../loaders/helpers.ts";

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

describe("ingest: conditions the user causes get exit 1 or a rejected row, never exit 2", () => {
  const env = { ...process.env, LEADLENS_QUIET: "1" };
  const cli = (...args: string[]) => spawnSync("node", ["cli/leadlens.js", ...args], { encoding: "utf8", env });
  const source = (dir: string, name: string, leads: string, format = "csv") =>
    writeSource(dir, { [`leads.${format}`]: leads }, { source: name, leads: { file: `leads.${format}`, id: "id", created_at: "created" }, attributes: [{ name: "industry", role: "fit.firmographic" }] });

  it("a NUL byte or U+FEFF in a value rejects that row (CSV and JSON lines), and no SQL error about leadlens's own statement", () => {
    const dir = tempDir();
    const db = join(dir, "db.duckdb");
    const csv = cli("ingest", source(join(dir, "csv"), "csv", "id,created,industry\nL1,2024-01-05,retail\nL2,2024-01-06,re\0tail\nL3,2024-01-07,\uFEFFretail\n"), "--db", db, "--json");
    expect(csv.stderr).toBe("");
    expect(csv.status).toBe(0);
    expect(JSON.parse(csv.stdout)).toMatchObject({ rows_read: 3, rows_loaded: 1, rows_rejected: 2 });
    const lines = ["L4", "re\0tail", "\uFEFFhealth", "health"].map((v, i) => JSON.stringify({ id: i ? `J${i}` : v, created: "2024-01-08", industry: i ? v : "retail" }));
    const jsonl = cli("ingest", source(join(dir, "jsonl"), "jsonl", `${lines.join("\n")}\n`, "jsonl"), "--db", db);
    expect(jsonl.stderr).toBe("");
    expect(jsonl.status).toBe(0);
    expect(jsonl.stdout).toMatch(/4 rows read, 2 loaded, 2 rejected/);
    expect(jsonl.stdout).toMatch(/1 {2}value holds a NUL byte/);
    expect(jsonl.stdout).toMatch(/1 {2}value starts with U\+FEFF/);
  });

  it("/dev/zero as the leads file: exit 1 at once, naming the file and what was expected", () => {
    const dir = tempDir();
    const cfg = writeSource(dir, {}, { source: "zero", leads: { file: "/dev/zero", id: "id" } });
    const r = spawnSync("node", ["cli/leadlens.js", "ingest", cfg, "--db", join(dir, "db.duckdb")], { encoding: "utf8", env, timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("leadlens: /dev/zero (leads.file) is a character device: expected a regular file holding the export (copy a stream to a file first).\n");
  });

  // A real full disk: a 3 MB tmpfs holds the store (needs root, as the CI and dev machines run).
  const mnt = mountTmpfs("3m");
  afterAll(() => mnt && spawnSync("umount", [mnt]));
  it.skipIf(!mnt)("disk full during ingest: exit 1, one paragraph, and the store is as it was", async () => {
    const db = join(mnt!, "db.duckdb");
    const dir = tempDir();
    expect(cli("ingest", source(join(dir, "small"), "small", "id,created,industry\nL1,2024-01-05,retail\n"), "--db", db).status).toBe(0);
    const before = await snapshotOf(db);
    const rows = Array.from({ length: 60_000 }, (_, i) => `B${i},2024-01-${String(1 + (i % 28)).padStart(2, "0")},ind${(i * 7919) % 5000}`);
    const r = cli("ingest", source(join(dir, "big"), "big", `id,created,industry\n${rows.join("\n")}\n`), "--db", db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^leadlens: The disk is full: DuckDB could not write \S+\/db\.duckdb(\.wal)? \(No space left on device\)\. Nothing was changed: the ingest is one transaction and it was rolled back.*then run the ingest again\.\n$/);
    expect(await snapshotOf(db)).toEqual(before);
  });
});

function mountTmpfs(size: string): string | null {
  if (process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "leadlens-full-"));
  return spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]).status === 0 ? dir : null;
}

async function snapshotOf(db: string) {
  const store = await openStore(db);
  try {
    return await snapshot(store.conn);
  } finally {
    await store.close();
  }
}
