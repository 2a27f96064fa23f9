import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { all, openStore } from "../../lib/store/index.ts";
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
    const t = run("weights");
    expect(t.status).toBe(1);
    expect(t.stdout).toBe("");
    expect(t.stderr).toMatch(
      /^leadlens: unknown command "weights"\. Did you mean `leadlens points export`\? Run `leadlens --help` for the commands\.\n$/,
    );
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
    writeSource(
      dir,
      { [`leads.${format}`]: leads },
      {
        source: name,
        leads: { file: `leads.${format}`, id: "id", created_at: "created" },
        attributes: [{ name: "industry", role: "fit.firmographic" }],
      },
    );

  it("a NUL byte or U+FEFF in a value rejects that row (CSV and JSON lines), and no SQL error about leadlens's own statement", () => {
    const dir = tempDir();
    const db = join(dir, "db.duckdb");
    const csv = cli(
      "ingest",
      source(
        join(dir, "csv"),
        "csv",
        "id,created,industry\nL1,2024-01-05,retail\nL2,2024-01-06,re\0tail\nL3,2024-01-07,\uFEFFretail\n",
      ),
      "--db",
      db,
      "--json",
    );
    expect(csv.stderr).toBe("");
    expect(csv.status).toBe(0);
    expect(JSON.parse(csv.stdout)).toMatchObject({ rows_read: 3, rows_loaded: 1, rows_rejected: 2 });
    const lines = ["L4", "re\0tail", "\uFEFFhealth", "health"].map((v, i) =>
      JSON.stringify({ id: i ? `J${i}` : v, created: "2024-01-08", industry: i ? v : "retail" }),
    );
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
    const r = spawnSync("node", ["cli/leadlens.js", "ingest", cfg, "--db", join(dir, "db.duckdb")], {
      encoding: "utf8",
      env,
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "leadlens: /dev/zero (leads.file) is a character device: expected a regular file holding the export (copy a stream to a file first).\n",
    );
  });

  it("a config file that is a device or a named pipe: exit 1 at once, naming it (it used to block)", () => {
    const dir = tempDir();
    const fifo = join(dir, "scoring.yml");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const opts = { encoding: "utf8" as const, env, timeout: 60_000 };
    const zero = spawnSync("node", ["cli/leadlens.js", "ingest", "/dev/zero", "--db", join(dir, "db.duckdb")], opts);
    expect(zero.status).toBe(1);
    expect(zero.stderr).toBe(
      "leadlens: Cannot read the config /dev/zero: expected a regular file, got a device or other special file.\n",
    );
    const pipe = spawnSync("node", ["cli/leadlens.js", "fit", "--config", fifo, "--db", join(dir, "db.duckdb")], opts);
    expect(pipe.status).toBe(1);
    expect(pipe.stderr).toBe(
      `leadlens: Cannot read the scoring config ${fifo}: expected a regular file, got a named pipe.\n`,
    );
  });

  // A real full disk: a 3 MB tmpfs holds the store (mounting needs root, as the CI and dev machines run).
  // Mounted inside the test and unmounted in its finally, so a run that filters this test out mounts nothing.
  it("disk full during ingest: exit 1, one paragraph, and the store is as it was", async (ctx) => {
    const mnt = mountTmpfs("3m");
    if (!mnt) return ctx.skip();
    try {
      const db = join(mnt, "db.duckdb");
      const dir = tempDir();
      expect(
        cli("ingest", source(join(dir, "small"), "small", "id,created,industry\nL1,2024-01-05,retail\n"), "--db", db)
          .status,
      ).toBe(0);
      const before = await snapshotOf(db);
      const rows = Array.from(
        { length: 60_000 },
        (_, i) => `B${i},2024-01-${String(1 + (i % 28)).padStart(2, "0")},ind${(i * 7919) % 5000}`,
      );
      const r = cli("ingest", source(join(dir, "big"), "big", `id,created,industry\n${rows.join("\n")}\n`), "--db", db);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^leadlens: The disk is full: DuckDB could not write \S+\/db\.duckdb(\.wal)? \(No space left on device\)\. Nothing was changed: the ingest is one transaction and it was rolled back.*then run the ingest again\.\n$/,
      );
      expect(await snapshotOf(db)).toEqual(before);
    } finally {
      spawnSync("umount", [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });
});

function mountTmpfs(size: string): string | null {
  if (process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "leadlens-full-"));
  if (spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]).status === 0) return dir;
  rmSync(dir, { recursive: true, force: true });
  return null;
}

async function snapshotOf(db: string) {
  const store = await openStore(db);
  try {
    return await snapshot(store.conn);
  } finally {
    await store.close();
  }
}

describe("a store from a newer leadlens, opened by the read-only commands", () => {
  it("analyze, points export, explain and report build refuse it as ingest does: exit 1, one paragraph", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-newer-"));
    const db = join(dir, "newer.duckdb");
    const s = await openStore(db);
    await s.conn.run("INSERT INTO schema_version VALUES (10000, 'future', current_timestamp)");
    await s.close();
    const newer =
      /^leadlens: The database .*newer\.duckdb was written by a newer leadlens \(schema version 10000; this one knows up to \d+\)\. Upgrade leadlens or use another --db\.\n$/;
    const refusal = (r: ReturnType<typeof run>) => r.stderr.slice(r.stderr.indexOf("leadlens:"));
    for (const args of [
      ["analyze", "funnel"],
      ["analyze", "qualify"],
      ["points", "export"],
      ["explain", "L1"],
      ["report", "build", "--out", join(dir, "site")],
    ]) {
      const r = run(...args, "--db", db);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(1);
      expect(refusal(r), args.join(" ")).toMatch(newer);
    }
    const ingest = run("ingest", "demo", "--leads", "500", "--db", db);
    expect(ingest.status).toBe(1);
    expect(refusal(ingest)).toMatch(newer);
    // Refused, not changed.
    const raw = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
    const c = await raw.connect();
    expect(await all(c, "SELECT max(version) AS v FROM schema_version")).toEqual([{ v: 10000 }]);
    c.closeSync();
    raw.closeSync();
  });
});

describe("a store file that is damaged or not a database", () => {
  /** Exit 1 and one paragraph naming the file and what to do; no stack, no "bug". */
  const expectDamaged = (r: ReturnType<typeof run>, db: string, what: string) => {
    expect(r.status, `${what}: ${r.stderr}`).toBe(1);
    const msg = r.stderr.slice(r.stderr.indexOf("leadlens:"));
    expect(msg, what).toMatch(
      /^leadlens: The database .* is damaged or is not a leadlens database: DuckDB cannot read it \(.+\)\. .*leadlens ingest .*\n$/,
    );
    expect(msg, what).toContain(db);
    expect(msg.trim().split("\n"), what).toHaveLength(1);
    expect(r.stderr, what).not.toMatch(/\n\s+at |internal error|bug in leadlens/);
  };

  /** A real demo store (20,000 leads), made once for the tests that damage copies of it. */
  let demo: { dir: string; good: string } | undefined;
  const demoStore = () => {
    if (!demo) {
      const dir = mkdtempSync(join(tmpdir(), "leadlens-damaged-"));
      const good = join(dir, "good.duckdb");
      expect(run("ingest", "demo", "--leads", "20000", "--db", good).status).toBe(0);
      demo = { dir, good };
    }
    return demo;
  };

  it("random bytes as the store: every command exits 1 with one paragraph", () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-random-"));
    const db = join(dir, "random.duckdb");
    writeFileSync(db, randomBytes(64 * 1024));
    // One command per way of opening: read-only, read-write, ingest (writes), the report's precompute.
    for (const args of [
      ["analyze", "funnel"],
      ["fit"],
      ["ingest", "demo", "--leads", "500"],
      ["report", "build", "--out", join(dir, "site")],
    ]) {
      expectDamaged(run(...args, "--db", db), db, args.join(" "));
    }
  });

  it("a real store cut short: exit 1 with one paragraph", () => {
    const { dir, good } = demoStore();
    const cut = join(dir, "cut.duckdb");
    copyFileSync(good, cut);
    truncateSync(cut, Math.floor(statSync(cut).size / 2));
    for (const args of [["analyze", "funnel"], ["fit"]])
      expectDamaged(run(...args, "--db", cut), cut, `cut: ${args.join(" ")}`);
  });

  it("a real store with damaged data blocks: exit 1 with one paragraph when the damage shows mid-query", async () => {
    const { dir, good } = demoStore();
    // Spoil every data block of the leads table and nothing else: the file opens, the catalog reads,
    // and the damage surfaces in the first query that scans leads (DuckDB's message has no file name).
    const s = await openStore(good, { readOnly: true });
    const blocks = await all<{ b: number }>(
      s.conn,
      "SELECT DISTINCT block_id AS b FROM pragma_storage_info('leads') WHERE persistent AND block_id >= 0",
    );
    const [{ block_size }] = await all<{ block_size: number }>(s.conn, "SELECT block_size FROM pragma_database_size()");
    await s.close();
    expect(blocks.length).toBeGreaterThan(0);
    const spoilt = join(dir, "spoilt.duckdb");
    copyFileSync(good, spoilt);
    const fd = openSync(spoilt, "r+");
    // DuckDB's file: three 4 KiB headers, then blocks of block_size.
    for (const { b } of blocks)
      writeSync(fd, randomBytes(4096), 0, 4096, 3 * 4096 + Number(b) * Number(block_size) + 64);
    closeSync(fd);
    await (await openStore(spoilt, { readOnly: true })).close(); // it opens: what follows is the mid-query path
    for (const args of [["analyze", "funnel"], ["fit"], ["report", "build", "--out", join(dir, "site")]]) {
      expectDamaged(run(...args, "--db", spoilt), spoilt, `spoilt: ${args.join(" ")}`);
    }
  });
});
