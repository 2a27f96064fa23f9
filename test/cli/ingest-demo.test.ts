import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, tempDir } from "../loaders/helpers.ts";
import { openStore, one } from "../../lib/store/index.ts";

const run = (...args: string[]) =>
  spawnSync("node", ["cli/leadlens.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });

describe("leadlens ingest demo", () => {
  it("generates (or reuses) the demo files, ingests them and stores the truth in meta", async () => {
    const db = join(tempDir(), "db.duckdb");
    const r = run("ingest", "demo", "--leads", "2000", "--seed", "11", "--db", db, "--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ source: "demo", status: "loaded", rows_rejected: 0 });
    expect(out.tables.leads).toBe(2000);
    const s = await openStore(db, { readOnly: true });
    // The demo's open leads carry no closed_at, amount or reason: only decided outcomes are stored.
    const o = await one<{ every: number; open: number; recorded: number }>(
      s.conn,
      `SELECT (SELECT count(*) FROM lead_outcomes)::INTEGER AS every,
      (SELECT count(*) FROM lead_outcomes WHERE outcome = 'open')::INTEGER AS open, (SELECT count(*) FROM outcomes)::INTEGER AS recorded`,
    );
    expect(o!.every).toBe(2000);
    expect(o!.open).toBeGreaterThan(0);
    expect(out.tables.outcomes).toBe(o!.recorded);
    expect(o!.recorded).toBe(2000 - o!.open);
    const truth = await one<{ value: string }>(s.conn, "SELECT value FROM meta WHERE key = 'demo_truth'");
    expect(JSON.parse(truth!.value)).toBeTypeOf("object");
    await s.close();
    const again = JSON.parse(run("ingest", "demo", "--leads", "2000", "--seed", "11", "--db", db, "--json").stdout);
    expect(again.status).toBe("unchanged");
  });
});
