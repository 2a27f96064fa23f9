/**
 * A throwaway PostgreSQL 15 server for tests: initdb into a temp folder, start it on 127.0.0.1 on a
 * free port, create a database, and hand back the PG* settings the `pg` client reads.
 *
 * Tests that need it call `startPostgres()` in beforeAll and `stop()` in afterAll. When the server
 * binaries are missing the call throws (the test FAILS): CI installs postgresql-15 (.ci/run), so a
 * silent skip would hide a broken setup.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's postgresql-15 package puts the server binaries. */
export const PG_BIN = process.env.LEADLENS_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** A running test server. */
export interface TestPostgres {
  /** PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE for the test database. */
  env: Record<"PGHOST" | "PGPORT" | "PGUSER" | "PGPASSWORD" | "PGDATABASE", string>;
  /** Stops the server and removes its data folder. Safe to call twice. */
  stop(): void;
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a command as the `postgres` OS user when we are root (initdb refuses to run as root). */
function asPostgres(cmd: string, args: string[]): string {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: "utf8", cwd: "/tmp" });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

/**
 * Starts a PostgreSQL 15 server with password authentication (scram) for user `leadlens`, so tests
 * can check that a wrong password is refused without being echoed.
 *
 * @example
 * const pg = await startPostgres();
 * // pg.env → { PGHOST: "127.0.0.1", PGPORT: "41233", PGUSER: "leadlens", PGPASSWORD: "…", PGDATABASE: "leadlens_test" }
 * pg.stop();
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(PG_BIN, "postgres"))) {
    throw new Error(
      `PostgreSQL 15 server binaries not found in ${PG_BIN}. Install them with \`apt-get install -y postgresql-15\` ` +
        `(.ci/run does this in CI), or set LEADLENS_PG_BIN to the folder holding initdb, pg_ctl and postgres.`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "leadlens-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const pwfile = join(dir, "pw");
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  writeFileSync(pwfile, password + "\n", { mode: 0o644 });
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        asPostgres(join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres(join(PG_BIN, "initdb"), [
      "-D", data, "-U", "leadlens", "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
    ]);
    // Unix socket in the data folder, not /tmp: parallel test files must not collide.
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    asPostgres(join(PG_BIN, "pg_ctl"), ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "start"]);
    started = true;
    const env = { PGHOST: "127.0.0.1", PGPORT: String(port), PGUSER: "leadlens", PGPASSWORD: password, PGDATABASE: "postgres" };
    const r = spawnSync(join(PG_BIN, "psql"), ["-c", "CREATE DATABASE leadlens_test"], {
      env: { ...process.env, ...env }, encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`creating the test database failed: ${r.stderr}`);
    return { env: { ...env, PGDATABASE: "leadlens_test" }, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
