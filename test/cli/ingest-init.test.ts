import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SHARED, tempDir } from "../loaders/helpers.ts";

const run = (...args: string[]) => spawnSync("node", ["cli/leadlens.js", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, LEADLENS_QUIET: "1" } });

describe("leadlens init → leadlens ingest", () => {
  it("writes a starter that ingests, refuses to overwrite without --force, and exits 1 on a missing file", () => {
    const dir = tempDir();
    const out = join(dir, "olist.yml");
    const r = run("init", join(SHARED, "olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv"), "--out", out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*olist\.yml/);
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toMatch(/id: "mql_id"/);
    expect(yaml).toMatch(/created_at: "first_contact_date"/);
    expect(yaml).toMatch(/column: "origin"/);
    expect(yaml).toMatch(/"unknown": 1,099 cells in "origin"/); // listed for the analyst to keep or drop
    const again = run("init", join(SHARED, "olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv"), "--out", out);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists already; pass --force/);
    const ing = run("ingest", out, "--db", join(dir, "db.duckdb"), "--json");
    expect(ing.status).toBe(0);
    expect(JSON.parse(ing.stdout)).toMatchObject({ rows_read: 8000, rows_loaded: 8000, tables: { leads: 8000 } });
    const missing = run("init", join(dir, "nope.csv"), "--out", join(dir, "x.yml"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv.*no such file/);
    expect(existsSync(join(dir, "x.yml"))).toBe(false);
  });
});
