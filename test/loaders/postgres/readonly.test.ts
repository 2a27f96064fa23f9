/**
 * leadlens only reads PostgreSQL: a configured query (or a pushdown expression) that tries to write,
 * end the read-only transaction or run a second statement is refused, the database is unchanged,
 * and the analyst gets exit 1 with one paragraph saying why.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { startPostgres, type TestPostgres } from "../../setup/postgres.ts";
import { all } from "../../../lib/store/index.ts";
import { UserError } from "../../../lib/errors/UserError.ts";
import { readPostgres } from "../../../loaders/postgres/index.ts";
import { encodingFromPostgres, fetchPatternsFromPostgres } from "../../../loaders/postgres/pushdown.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
let pg: TestPostgres;
let dir: string;

const CREATE = `
CREATE TABLE crm_leads AS
SELECT 'L' || g AS lead_id, DATE '2024-01-01' + g AS created_at, (ARRAY['web', 'email'])[1 + g % 2] AS channel,
       CASE WHEN g % 3 = 0 THEN 'won' ELSE 'lost' END AS status, (g % 3 = 0)::int AS won
FROM generate_series(1, 200) g;
`;
// Each test starts with the same five victim rows, so each one's check stands on its own.
const VICTIM =
  "DROP TABLE IF EXISTS victim; CREATE TABLE victim (x int); INSERT INTO victim SELECT generate_series(1, 5)";

/** Each tries to write past a check that only looks at how the query starts. */
const HOSTILE = {
  "COMMIT then DROP (the issue's query)": "SELECT * FROM crm_leads; COMMIT; DROP TABLE victim; SELECT 1",
  "COMMIT, a read-write transaction, DROP":
    "SELECT * FROM crm_leads; COMMIT; BEGIN READ WRITE; DROP TABLE victim; COMMIT; SELECT 1",
  "SET TRANSACTION READ WRITE":
    "SELECT * FROM crm_leads; ROLLBACK; BEGIN; SET TRANSACTION READ WRITE; DELETE FROM victim; COMMIT; SELECT 1",
  "the session default turned off":
    "SELECT * FROM crm_leads; COMMIT; SET default_transaction_read_only = off; DROP TABLE victim; SELECT 1",
  "a CTE with DELETE … RETURNING": "WITH d AS (DELETE FROM victim RETURNING x) SELECT * FROM d",
  "set_config of the transaction's mode":
    "SELECT set_config('transaction_read_only', 'off', false) AS x, * FROM crm_leads",
  "a write through FOR UPDATE locks": "SELECT * FROM victim FOR UPDATE",
};

async function victimRows(): Promise<number> {
  const c = await pg.admin();
  try {
    const r = await c.query("SELECT count(*) AS n FROM victim").catch(() => ({ rows: [{ n: "victim is gone" }] }));
    return Number(r.rows[0].n);
  } finally {
    await c.end();
  }
}

async function stage(query: string): Promise<unknown> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    return await readPostgres({ postgres: { query } }, conn, "ll", {
      part: "leads",
      configName: "t",
      env: { ...process.env, ...pg.env },
    }).then(
      async () => all(conn, "SELECT * FROM ll"),
      (e) => e,
    );
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "cli", "leadlens.js"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...pg.env, NO_COLOR: "1", LEADLENS_QUIET: "1" },
    encoding: "utf8",
  });

/** One paragraph for the analyst: exit 1, one line on stderr, no stack frame, no internal-error text. */
function expectOneParagraph(r: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|bug in leadlens/);
}

beforeAll(async () => {
  pg = await startPostgres();
  const c = await pg.admin();
  await c.query(CREATE);
  await c.end();
  dir = mkdtempSync(join(tmpdir(), "leadlens-pg-readonly-"));
});

beforeEach(async () => {
  const c = await pg.admin();
  await c.query(VICTIM);
  await c.end();
});

afterAll(() => {
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the PostgreSQL reader cannot write", () => {
  for (const [name, query] of Object.entries(HOSTILE)) {
    it(`refuses ${name}, and the database is unchanged`, async () => {
      const err = await stage(query);
      expect(await victimRows()).toBe(5);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(
        /^leads\.postgres: (PostgreSQL refused the query|reading postgres:query failed): it (holds more than one SQL statement|tries to write)/,
      );
    });
  }

  it("reads inside a read-only transaction on a read-only session", async () => {
    const rows = await stage(
      "SELECT current_setting('transaction_read_only') AS tx, current_setting('default_transaction_read_only') AS session",
    );
    expect(rows).toEqual([{ source_row: 1, tx: "on", session: "on" }]);
  });
});

describe("the pushdown cannot write", () => {
  const env = () => ({ ...process.env, ...pg.env });
  const inputs = [
    { name: "channel", role: "intent.behavioral" as const, kind: "categorical" as const, source: "channel" as const },
  ];

  it("refuses a query that closes its subquery to run more statements", async () => {
    // The pushdown wraps the query as `(…) leadlens_src`: this one closes the parenthesis itself.
    const query =
      "SELECT * FROM crm_leads) x GROUP BY 1; COMMIT; BEGIN READ WRITE; DROP TABLE victim; COMMIT; SELECT * FROM (SELECT 1";
    const err = await encodingFromPostgres(inputs, { query, env: env() }).catch((e) => e);
    expect(await victimRows()).toBe(5);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(
      /^pushdown: PostgreSQL refused the pattern query: it holds more than one SQL statement/,
    );
  });

  it("refuses a write in a pushed-down expression", async () => {
    const where = "won IS NOT NULL AND (SELECT x FROM victim LIMIT 1 FOR UPDATE) > 0";
    const err = await encodingFromPostgres(inputs, { table: "crm_leads", where, env: env() }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/it tries to write/);
    const enc = await encodingFromPostgres(inputs, { table: "crm_leads", env: env() });
    const rows = await fetchPatternsFromPostgres(enc, {
      table: "crm_leads",
      where: "won = 1 OR set_config('transaction_read_only', 'off', false) = 'x'",
      env: env(),
    }).catch((e) => e);
    expect(rows).toBeInstanceOf(UserError);
    expect(await victimRows()).toBe(5);
  });
});

describe("leadlens ingest and fit --pushdown with a hostile query", () => {
  const config = (query: string) => `
source: crm
leads:
  postgres: { query: ${JSON.stringify(query)} }
  id: lead_id
  created_at: created_at
  channel: channel
outcome: { column: status, won: ["won"], lost: ["lost"] }
`;

  it("ingest exits 1 with one paragraph and leaves victim in place", async () => {
    writeFileSync(join(dir, "hostile.yml"), config(HOSTILE["COMMIT then DROP (the issue's query)"]));
    const r = cli("ingest", join(dir, "hostile.yml"), "--db", join(dir, "ingest.duckdb"));
    expect(await victimRows()).toBe(5);
    expectOneParagraph(r, /leads\.postgres: PostgreSQL refused the query: it holds more than one SQL statement/);
  });

  it("fit --pushdown exits 1 with one paragraph and leaves victim in place", async () => {
    // fit nests the query two subqueries deep (`(… (query) leadlens_base) l`): this closes both.
    const query = "SELECT * FROM crm_leads) a) b; COMMIT; DROP TABLE victim; SELECT * FROM (SELECT * FROM (SELECT 1";
    writeFileSync(join(dir, "hostile-fit.yml"), config(query));
    const r = cli("fit", "--pushdown", join(dir, "hostile-fit.yml"), "--db", join(dir, "fit.duckdb"));
    expect(await victimRows()).toBe(5);
    expectOneParagraph(
      r,
      /fit --pushdown: PostgreSQL refused the query on the leads .*: it holds more than one SQL statement/,
    );
  });
});
