import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres, type TestPostgres } from "../../setup/postgres.ts";
import { all, openStore } from "../../../lib/store/index.ts";
import type { ModelArtifact } from "../../../lib/model/index.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const N = 20000;
let pg: TestPostgres;
let dir: string;

// Synthetic CRM leads: mixed-case levels, NULLs, a numeric input, open (NULL) outcomes old and recent.
const CREATE = `
CREATE SCHEMA crm;
CREATE TABLE crm.leads AS
SELECT 'L' || lpad(g::text, 5, '0') AS lead_id,
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + (g * 97 % 700) * INTERVAL '1 day' AS created_at,
       (ARRAY['web', 'email', 'Ads', 'ads', 'events'])[1 + g % 5] AS lead_source,
       CASE WHEN g % 11 = 0 THEN NULL ELSE (ARRAY['saas', 'retail', 'Finance', 'health'])[1 + (g * 7) % 4] END AS industry,
       CASE WHEN g % 13 = 0 THEN NULL ELSE (g * 31) % 400 END AS employees,
       CASE WHEN g % 17 = 0 THEN NULL
            WHEN ((g * 2654435761::bigint) % 1000) < 120 + 60 * (g % 5) + 80 * ((g * 7) % 4 = 1)::int THEN 'Closed Won'
            ELSE 'Closed Lost' END AS status
FROM generate_series(1, ${N}) g;
`;

const SOURCE = `
source: crm-postgres
as_of: "2026-01-01"
leads:
  postgres: { table: crm.leads }
  id: lead_id
  created_at: created_at
  channel: lead_source
attributes:
  - { name: industry, role: fit.firmographic }
  - { name: employees, role: fit.firmographic, type: numeric }
outcome: { column: status, won: ["Closed Won"], lost: ["Closed Lost"] }
`;

// Fixed penalty and k-fold: the final fit uses every eligible lead, so it does not depend on the
// folds (PostgreSQL's hashtext vs DuckDB's hash) and both paths must give the same coefficients.
const SCORING = `
validation: kfold
penalty_grid: [1]
attributes: [industry, channel, { name: employees, edges: [50, 150, 300] }]
`;

const run = (...args: string[]) =>
  spawnSync("node", ["cli/leadlens.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...pg.env, LEADLENS_QUIET: "1" },
  });

beforeAll(async () => {
  pg = await startPostgres();
  const c = await pg.admin();
  await c.query(CREATE);
  await c.end();
  dir = mkdtempSync(join(tmpdir(), "leadlens-pushdown-fit-"));
  writeFileSync(join(dir, "crm.yml"), SOURCE);
  writeFileSync(join(dir, "scoring.yml"), SCORING);
});

afterAll(() => {
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("leadlens fit --pushdown", () => {
  it("fits in PostgreSQL the same coefficients as ingest-then-fit, and leaks no connection detail", async () => {
    const ingested = run("ingest", join(dir, "crm.yml"), "--db", join(dir, "local.duckdb"), "--json");
    expect(ingested.status, ingested.stderr).toBe(0);
    const local = run(
      "fit",
      "--config",
      join(dir, "scoring.yml"),
      "--db",
      join(dir, "local.duckdb"),
      "--out",
      join(dir, "local.json"),
      "--json",
    );
    expect(local.status, local.stderr).toBe(0);
    const pushed = run(
      "fit",
      "--pushdown",
      join(dir, "crm.yml"),
      "--config",
      join(dir, "scoring.yml"),
      "--db",
      join(dir, "pushed.duckdb"),
      "--out",
      join(dir, "pushed.json"),
    );
    expect(pushed.status, pushed.stderr).toBe(0);

    const text = readFileSync(join(dir, "pushed.json"), "utf8");
    const a = JSON.parse(readFileSync(join(dir, "local.json"), "utf8")) as ModelArtifact;
    const b = JSON.parse(text) as ModelArtifact;
    expect(b.spec.pushdown).toBe("postgres");
    expect(b.metrics.pushdown).toBe("postgres");
    expect(a.spec.pushdown).toBeUndefined();
    expect(b.metrics.validation).toBe("kfold");
    // Same leads, same labels (maturity window included), same levels.
    expect(b.metrics.n_test).toBe(a.metrics.n_test);
    expect(b.metrics.conversions_test).toBe(a.metrics.conversions_test);
    expect(b.attributes.map((x) => x.levels.map((l) => [l.level, l.leads, l.conversions]))).toEqual(
      a.attributes.map((x) => x.levels.map((l) => [l.level, l.leads, l.conversions])),
    );
    const coefs = (m: ModelArtifact) => [m.intercept.coef, ...m.attributes.flatMap((x) => x.levels.map((l) => l.coef))];
    const diff = Math.max(...coefs(a).map((x, i) => Math.abs(x - coefs(b)[i])));
    expect(diff).toBeLessThanOrEqual(1e-8);
    expect(Math.max(...coefs(a).slice(1).map(Math.abs))).toBeGreaterThan(0.1); // the inputs carry signal
    // Only patterns came back: far fewer rows than leads.
    expect(b.patterns.rows).toBeLessThan(b.patterns.leads / 5);

    // Saved to the models table of --db too.
    const store = await openStore(join(dir, "pushed.duckdb"));
    const saved = await all<{ model_id: string }>(store.conn, "SELECT model_id FROM models");
    await store.close();
    expect(saved.map((r) => r.model_id)).toEqual([b.model_id]);

    for (const out of [text, pushed.stdout, pushed.stderr]) {
      expect(out).not.toContain(pg.env.PGPASSWORD);
      expect(out).not.toContain(pg.env.PGHOST);
      expect(out).not.toContain(`:${pg.env.PGPORT}`);
    }
  });

  it("splits out of time inside PostgreSQL and refuses a source that is not in PostgreSQL", () => {
    writeFileSync(
      join(dir, "auto.yml"),
      "attributes: [industry, channel, { name: employees, edges: [50, 150, 300] }]\n",
    );
    const r = run(
      "fit",
      "--pushdown",
      join(dir, "crm.yml"),
      "--config",
      join(dir, "auto.yml"),
      "--db",
      join(dir, "oot.duckdb"),
      "--json",
    );
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      validation: string;
      n_test: number;
      auc: number;
      training_window: { test_from: string; created_from: string };
    };
    expect(s.validation).toBe("out_of_time");
    expect(s.training_window.test_from > s.training_window.created_from).toBe(true);
    expect(s.n_test).toBeGreaterThan(100);
    expect(s.auc).toBeGreaterThan(0.55);
    // The cut (percentile_disc in PostgreSQL, quantile_disc in DuckDB) holds out the same newest leads.
    const l = run("fit", "--config", join(dir, "auto.yml"), "--db", join(dir, "local.duckdb"), "--json");
    const t = JSON.parse(l.stdout) as typeof s;
    expect(s.n_test).toBe(t.n_test);
    expect(s.training_window).toEqual(t.training_window);

    writeFileSync(join(dir, "csv.yml"), SOURCE.replace("postgres: { table: crm.leads }", "file: leads.csv"));
    const bad = run("fit", "--pushdown", join(dir, "csv.yml"), "--db", join(dir, "bad.duckdb"));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("leads.postgres");
  });
});
