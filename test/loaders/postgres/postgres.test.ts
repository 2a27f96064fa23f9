import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { startPostgres, type TestPostgres } from "../../setup/postgres.ts";
import { all, openStore } from "../../../lib/store/index.ts";
import { UserError } from "../../../lib/errors/UserError.ts";
import { ingest, parseConfig } from "../../../loaders/index.ts";
import { connectPostgres, readPostgres } from "../../../loaders/postgres/index.ts";
import {
  encodingFromPostgres,
  fetchPatternsFromPostgres,
  patternsFromRows,
} from "../../../loaders/postgres/pushdown.ts";
import { buildEncoding, leadsRelation, patternQuery, type InputSpec } from "../../../lib/features/index.ts";
import { loadPatterns, patternDesign } from "../../../lib/model/patterns.ts";
import { fitLogistic } from "../../../lib/logistic/index.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
let pg: TestPostgres;
let dir: string;
const saved: Record<string, string | undefined> = {};
const N = 6000;

// A CRM-like table: mixed-case levels, NULLs, a boolean outcome with open (NULL) leads, timestamptz.
const CREATE = `
CREATE SCHEMA crm;
CREATE TABLE crm.leads AS
SELECT 'L' || lpad(g::text, 5, '0') AS lead_id,
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + (g * 97 % 700) * INTERVAL '1 day' AS created_at,
       (ARRAY['web', 'email', 'Ads', 'ads', 'events'])[1 + g % 5] AS channel,
       CASE WHEN g % 11 = 0 THEN NULL ELSE (ARRAY['saas', 'retail', 'Finance', 'health'])[1 + (g * 7) % 4] END AS industry,
       CASE WHEN g % 13 = 0 THEN NULL ELSE (g * 31) % 400 END AS employees,
       CASE WHEN g % 17 = 0 THEN NULL ELSE ((g * 2654435761::bigint) % 1000) < 150 + 120 * (g % 3) + 50 * ((g * 7) % 4 = 1)::int END AS converted
FROM generate_series(1, ${N}) g;
CREATE VIEW crm.leads_for_scoring AS
SELECT *, CASE WHEN converted THEN 1 WHEN NOT converted THEN 0 END AS won FROM crm.leads;
`;

const CONFIG = `
source: crm-postgres
leads:
  postgres: { table: crm.leads, batch_size: 1000 }
  id: lead_id
  created_at: created_at
  channel: channel
attributes:
  - { name: industry, role: fit.firmographic }
  - { name: employees, role: fit.firmographic, type: numeric }
outcome: { column: converted, won: ["true"], lost: ["false"] }
`;

beforeAll(async () => {
  pg = await startPostgres();
  for (const k of Object.keys(pg.env)) {
    saved[k] = process.env[k];
    process.env[k] = pg.env[k as keyof typeof pg.env];
  }
  const c = await pg.admin();
  await c.query(CREATE);
  await c.end();
  dir = mkdtempSync(join(tmpdir(), "leadlens-pgtest-"));
});

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL reader", () => {
  it("stages every row as text with source_row, booleans and UTC timestamps in file form", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const r = await readPostgres({ postgres: { table: "crm.leads", batch_size: 700 } }, conn, "ll_leads", {
      part: "leads",
      configName: "t",
    });
    expect(r).toEqual({ rowsRead: N, sourceFile: "postgres:table crm.leads" });
    const rows = await all(conn, "SELECT * FROM ll_leads WHERE lead_id IN ('L00001', 'L00017') ORDER BY lead_id");
    expect(rows[0]).toMatchObject({
      lead_id: "L00001",
      created_at: "2024-04-07 00:00:00",
      channel: "email",
      employees: "31",
    });
    expect(["true", "false"]).toContain(rows[0].converted);
    expect(rows[1].converted).toBeNull();
    const types = await all<{ t: string }>(
      conn,
      "SELECT DISTINCT data_type AS t FROM information_schema.columns WHERE table_name = 'll_leads' AND column_name <> 'source_row'",
    );
    expect(types.map((t) => t.t)).toEqual(["VARCHAR"]);
    const rn = await all<{ lo: number; hi: number; n: number }>(
      conn,
      "SELECT min(source_row) lo, max(source_row) hi, count(DISTINCT source_row) n FROM ll_leads",
    );
    expect(rn[0]).toEqual({ lo: 1, hi: N, n: N });
    conn.closeSync();
    db.closeSync();
  });

  it("reads a query source the same as the table", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const q = { postgres: { query: "SELECT lead_id, channel FROM crm.leads WHERE employees > 100;", batch_size: 333 } };
    const r = await readPostgres(q, conn, "ll_q", { part: "leads", configName: "t" });
    expect(r.sourceFile).toBe("postgres:query");
    const c = await connectPostgres();
    const expected = Number((await c.query("SELECT count(*) AS n FROM crm.leads WHERE employees > 100")).rows[0].n);
    await c.end();
    expect(r.rowsRead).toBe(expected);
    conn.closeSync();
    db.closeSync();
  });

  it("names the table PostgreSQL refused, and a wrong password is not echoed", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const ctx = { part: "leads", configName: "t" };
    await expect(readPostgres({ postgres: { table: "crm.nope" } }, conn, "x", ctx)).rejects.toThrow(/crm\.nope|nope/);
    const wrong = "Wr0ng-Secret-Value-42";
    const env = { ...process.env, PGPASSWORD: wrong };
    const err = await readPostgres({ postgres: { table: "crm.leads" } }, conn, "x", { ...ctx, env }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/PGPASSWORD/);
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(`${pg.env.PGHOST}:${pg.env.PGPORT}`);
    conn.closeSync();
    db.closeSync();
  });

  it("refuses a port with no server without printing host:port", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const env = { ...process.env, PGPORT: "1" };
    const err = await readPostgres({ postgres: { table: "crm.leads" } }, conn, "x", {
      part: "leads",
      configName: "t",
      env,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).not.toContain(`${pg.env.PGHOST}:1`);
    conn.closeSync();
    db.closeSync();
  });
});

describe("ingest from PostgreSQL", () => {
  it("loads through the same engine as files and stores no connection detail anywhere", async () => {
    const path = join(dir, "store.duckdb");
    const store = await openStore(path);
    const loaded = parseConfig(CONFIG, "crm.yml", dir);
    const r = await ingest(store.conn, loaded);
    expect(r.rows_read).toBe(N);
    expect(r.rows_loaded + r.rows_rejected).toBe(N);
    const won = await all<{ outcome: string; n: number }>(
      store.conn,
      "SELECT outcome, count(*) AS n FROM lead_outcomes GROUP BY 1 ORDER BY 1",
    );
    const c = await connectPostgres();
    const truth = (
      await c.query(
        "SELECT count(*) FILTER (WHERE converted) AS won, count(*) FILTER (WHERE converted IS NULL) AS open FROM crm.leads",
      )
    ).rows[0];
    await c.end();
    expect(won.find((w) => w.outcome === "won")?.n).toBe(Number(truth.won));
    expect(won.find((w) => w.outcome === "open")?.n).toBe(Number(truth.open));
    const runs = await all<{ source_file: string }>(store.conn, "SELECT source_file FROM ingest_runs");
    expect(runs[0].source_file).toBe("postgres:table crm.leads");

    // Every text column of every table: no password, no host:port, no port-bearing connection string.
    const secrets = [pg.env.PGPASSWORD, `${pg.env.PGHOST}:${pg.env.PGPORT}`, `port=${pg.env.PGPORT}`];
    const cols = await all<{ t: string; c: string }>(
      store.conn,
      "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE data_type = 'VARCHAR' AND table_catalog = current_database()",
    );
    expect(cols.length).toBeGreaterThan(10);
    for (const { t, c: col } of cols) {
      for (const s of secrets) {
        const hit = await all<{ n: number }>(
          store.conn,
          `SELECT count(*) AS n FROM "${t}" WHERE "${col}" LIKE '%' || $1 || '%'`,
          [s],
        );
        expect(hit[0].n, `${t}.${col} contains a connection detail`).toBe(0);
      }
    }
    await store.close();
    const bytes = readFileSync(path).toString("latin1");
    expect(bytes.includes(pg.env.PGPASSWORD)).toBe(false);
  });
});

describe("leadlens ingest (CLI) from PostgreSQL", () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [join(ROOT, "cli", "leadlens.js"), ...args], {
      cwd: ROOT,
      env: { ...env, NO_COLOR: "1", LEADLENS_QUIET: "1" },
      encoding: "utf8",
    });

  it("ingests a postgres source config with the connection from PG* only, and never prints it", () => {
    const config = join(dir, "crm.yml");
    writeFileSync(config, CONFIG);
    const ok = cli(["ingest", config, "--db", join(dir, "cli.duckdb"), "--json"], process.env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).rows_read).toBe(N);
    const wrong = "An0ther-Wrong-Pass";
    const bad = cli(["ingest", config, "--db", join(dir, "cli2.duckdb")], { ...process.env, PGPASSWORD: wrong });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/PGPASSWORD/);
    for (const out of [ok.stdout, ok.stderr, bad.stdout, bad.stderr]) {
      expect(out).not.toContain(wrong);
      expect(out).not.toContain(pg.env.PGPASSWORD);
      expect(out).not.toContain(`${pg.env.PGHOST}:${pg.env.PGPORT}`);
    }
  });
});

describe("pushdown", () => {
  const inputs: InputSpec[] = [
    { name: "channel", role: "intent.behavioral", kind: "categorical", source: "channel" },
    { name: "industry", role: "fit.firmographic", kind: "categorical", source: "column" },
    { name: "employees", role: "fit.firmographic", kind: "numeric", source: "column", edges: [50, 150, 300] },
  ];

  it("aggregates patterns inside PostgreSQL and fits the same coefficients as ingest-then-fit", async () => {
    // Ingest-then-fit: the leads in DuckDB (through the PostgreSQL source), encoding and patterns there.
    const store = await openStore(join(dir, "pushdown.duckdb"));
    await ingest(store.conn, parseConfig(CONFIG, "crm.yml", dir));
    const relation = leadsRelation({ asOf: "2026-01-01", halfLifeDays: 30, activity: false });
    await store.conn.run(
      `CREATE TEMP TABLE prepared AS SELECT *, 0 AS part, 0 AS fold FROM ${relation} WHERE won IS NOT NULL`,
    );
    const local = await buildEncoding(store.conn, inputs, "prepared", "TRUE");
    const localPatterns = await loadPatterns(store.conn, local, "prepared", true);
    const leadsInStore = await all<{ n: number }>(
      store.conn,
      `SELECT count(*) AS n FROM (${patternQuery(local, { table: "prepared" })}) p`,
    );
    await store.close();

    // Pushdown: the encoding and the pattern counts computed by PostgreSQL; only patterns come back.
    const spec = { table: "crm.leads_for_scoring", by: ["0", "0"] };
    const remote = await encodingFromPostgres(inputs, spec);
    expect(remote.attributes.map((a) => a.levels.map((l) => [l.level, l.leads, l.conversions]))).toEqual(
      local.attributes.map((a) => a.levels.map((l) => [l.level, l.leads, l.conversions])),
    );
    const rows = await fetchPatternsFromPostgres(remote, spec);
    expect(rows.length).toBe(leadsInStore[0].n);
    expect(rows.length).toBeLessThan(N / 10);
    const remotePatterns = patternsFromRows(remote, rows);
    expect(remotePatterns.fingerprint).toBe(localPatterns.fingerprint);

    const fitWith = (p: typeof localPatterns, enc: typeof local) =>
      fitLogistic(patternDesign(enc, p), { y: p.conversions, trials: p.leads, C: 1 });
    const a = fitWith(localPatterns, local);
    const b = fitWith(remotePatterns, remote);
    expect(a.converged).toBe(true);
    expect(b.names).toEqual(a.names);
    const diff = Math.max(...a.coef.map((x, i) => Math.abs(x - b.coef[i])));
    expect(diff).toBeLessThanOrEqual(1e-8);
    // Not a vacuous fit: the attributes carry signal.
    expect(Math.max(...a.coef.slice(1).map(Math.abs))).toBeGreaterThan(0.1);
  });
});
