import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SHARED, tempDir } from "../loaders/helpers.ts";
import { bankFullCsv, pipelineCsv } from "../loaders/fixtures/init-exports.ts";

const run = (...args: string[]) =>
  spawnSync("node", ["cli/leadlens.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });

describe("leadlens init → leadlens ingest", () => {
  it("writes a starter that ingests, refuses to overwrite without --force, and exits 1 on a missing file", () => {
    const dir = tempDir();
    const out = join(dir, "olist.yml");
    const r = run(
      "init",
      join(SHARED, "olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv"),
      "--out",
      out,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*olist\.yml/);
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toMatch(/id: "mql_id"/);
    expect(yaml).toMatch(/created_at: "first_contact_date"/);
    expect(yaml).toMatch(/column: "origin"/);
    expect(yaml).toMatch(/"unknown": 1,099 cells in "origin"/); // listed for the analyst to keep or drop
    const again = run(
      "init",
      join(SHARED, "olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv"),
      "--out",
      out,
    );
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

describe("leadlens init on the issue-14 exports → ingest without edits", () => {
  const initThenIngest = (name: string, text: string) => {
    const dir = tempDir();
    writeFileSync(join(dir, `${name}.csv`), text);
    const out = join(dir, `${name}.yml`);
    const init = run("init", join(dir, `${name}.csv`), "--out", out);
    const ing = run("ingest", out, "--db", join(dir, "db.duckdb"), "--json");
    return {
      init,
      yaml: readFileSync(out, "utf8"),
      ing,
      summary: ing.status === 0 ? JSON.parse(ing.stdout) : undefined,
    };
  };

  it("bank telemarketing: y is the outcome (not poutcome), duration is post_outcome, campaign is a count, ids are row numbers", () => {
    const { text, counts } = bankFullCsv(1500);
    const r = initThenIngest("bank", text);
    expect(r.init.status).toBe(0);
    expect(r.yaml).toMatch(/outcome:.*\n\s+column: "y"\n\s+won: \["yes"\]\n\s+lost: \["no"\]/);
    expect(r.yaml).toMatch(/id: \{ row_number: true \}/);
    expect(r.yaml).toMatch(
      /name: duration, column: "duration", role: post_outcome, type: numeric \}\s+# check: a call's length is known only once the call is over/,
    );
    expect(r.yaml).toMatch(/column: "campaign", role: intent\.behavioral, type: numeric \}\s+# a count/);
    expect(r.yaml).not.toMatch(/^\s+campaign:/m);
    expect(r.yaml).toMatch(/name: pdays, .*sentinel: \[-1\]/);
    expect(r.yaml).toMatch(/name: poutcome, column: "poutcome", role: intent\.behavioral/);
    expect(r.ing.status).toBe(0);
    expect(r.summary).toMatchObject({
      rows_read: counts.rows,
      rows_loaded: counts.rows,
      rows_rejected: 0,
      tables: { leads: counts.rows },
    });
  });

  it("bank-additional codes: pdays 999 is a sentinel, poutcome 'nonexistent' is not the outcome", () => {
    const { text, counts } = bankFullCsv(800, 3, true);
    const r = initThenIngest("bank-additional-full", text);
    expect(r.yaml).toMatch(/column: "y"\n/);
    expect(r.yaml).toMatch(/name: pdays, .*sentinel: \[999\] \}\s+# .*999 in \d+ rows is a code/);
    expect(r.summary).toMatchObject({ rows_read: counts.rows, rows_loaded: counts.rows, rows_rejected: 0 });
  });

  it("opportunity pipeline: deal_stage with Engaging/Prospecting as open, close_value post_outcome (filled only when closed)", () => {
    const { text, counts } = pipelineCsv(1200);
    const r = initThenIngest("pipeline", text);
    expect(r.init.status).toBe(0);
    expect(r.yaml).toMatch(/id: "opportunity_id"/);
    expect(r.yaml).toMatch(
      /column: "deal_stage"\n\s+won: \["Won"\]\n\s+lost: \["Lost"\]\n\s+open: \["Engaging", "Prospecting"\]/,
    );
    expect(r.yaml).toMatch(/closed_at: "close_date"\n\s+# amount: "close_value"/);
    expect(r.yaml).toMatch(/name: sales_agent, column: "sales_agent", role: post_outcome, personal: true/);
    expect(r.yaml).toMatch(
      new RegExp(
        `name: close_value, .*role: post_outcome.*# check: filled on ${counts.won + counts.lost} of ${counts.won + counts.lost} closed records and 0 of ${counts.engaging + counts.prospecting} open ones`,
      ),
    );
    expect(r.summary).toMatchObject({
      rows_read: counts.rows,
      rows_loaded: counts.rows,
      rows_rejected: 0,
      tables: { outcomes: counts.won + counts.lost },
    });
  });

  it("an outcome it cannot read is a commented TODO, printed, and the config still validates and ingests", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `L${i},${i % 3 ? "Hot" : "Cold"},${i}`);
    const r = initThenIngest("leads", `lead_id,outcome,visits\n${rows.join("\n")}\n`);
    expect(r.init.status).toBe(0);
    expect(r.init.stdout).toMatch(/TODO outcome: name the value\(s\) of "outcome" that mean won/);
    expect(r.yaml).toMatch(/# TODO: outcome: name the value/);
    expect(r.yaml).toMatch(/^# outcome:\n#\s+column: "outcome"/m);
    expect(r.summary).toMatchObject({ rows_read: 40, rows_loaded: 40 });
  });
});
