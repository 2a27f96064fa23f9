import pg from "pg";
import { UserError } from "../../lib/errors/UserError.ts";

/**
 * Opens a PostgreSQL connection from the standard PG* environment variables only (PGHOST, PGPORT,
 * PGUSER, PGPASSWORD, PGDATABASE, also PGSSLMODE…): leadlens never takes connection details from a
 * config file or the command line, so they cannot end up in `ingest_runs.config`, logs or the site.
 *
 * Every value comes back as PostgreSQL's own text form (no JS Date/number parsing), which is what
 * the all-VARCHAR staging table wants; the session runs in UTC with ISO dates so timestamps read the
 * same whatever the server's defaults. leadlens never writes to PostgreSQL, so the session is
 * read-only from the start (`default_transaction_read_only`): even a transaction opened behind
 * leadlens's back could not write. Run SQL that holds any user text with {@link readOnly}.
 *
 * @throws UserError with a message that names the PG* variables but never echoes their values.
 */
export async function connectPostgres(env: NodeJS.ProcessEnv = process.env): Promise<pg.Client> {
  const client = new pg.Client({
    // Only what the environment holds; pg reads PG* itself, but passing them keeps tests hermetic.
    host: env.PGHOST,
    port: env.PGPORT ? Number(env.PGPORT) : undefined,
    user: env.PGUSER,
    password: env.PGPASSWORD,
    database: env.PGDATABASE,
    application_name: "leadlens",
    types: { getTypeParser: () => (text: string) => text },
  });
  // A dropped connection mid-read must surface as a failed read, not an unhandled 'error' event.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query(
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; SET default_transaction_read_only = on",
    );
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new UserError(
      `Cannot connect to PostgreSQL: ${scrub((e as Error).message, env)}. leadlens reads the connection only from the ` +
        `environment variables PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE; check that they are set and correct.`,
    );
  }
  return client;
}

/**
 * A query sent with the extended protocol (Parse, Bind, Execute) rather than as a simple query
 * string: PostgreSQL then parses the text as exactly one statement and refuses a second one, so a
 * `;` inside a configured query or expression cannot end the read-only transaction and run more.
 */
export function oneStatement(text: string, rowMode?: "array"): pg.QueryConfig {
  // queryMode is in pg ≥ 8.12 but not yet in @types/pg.
  return { text, rowMode, queryMode: "extended" } as pg.QueryConfig;
}

/**
 * Runs `work` on a fresh read-only session inside `BEGIN TRANSACTION READ ONLY`, then ends the
 * connection. Three locks, each enough against a query that tries to write: the session default,
 * the transaction, and {@link oneStatement} for every statement that carries configured SQL. A
 * failure becomes a UserError starting with `what` and saying why PostgreSQL refused, no
 * connection detail in it.
 *
 * @example
 * await readOnly(env, "leads.postgres: PostgreSQL refused the query", (c) => c.query(oneStatement("SELECT 1 AS x")));
 */
export async function readOnly<T>(
  env: NodeJS.ProcessEnv,
  what: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await connectPostgres(env);
  try {
    await client.query("BEGIN TRANSACTION READ ONLY");
    const out = await work(client);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    throw refused(what, e, env);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A driver failure as a UserError starting with `what`, saying why in the analyst's terms: more
 * than one statement, or a statement that writes, get their own sentence; anything else is
 * PostgreSQL's first line, scrubbed. A UserError passes through unchanged.
 */
export function refused(what: string, e: unknown, env: NodeJS.ProcessEnv): UserError {
  if (e instanceof UserError) return e;
  const said = scrub((e as Error).message ?? String(e), env);
  const code = (e as { code?: string }).code;
  if (/multiple commands/.test(said)) {
    return new UserError(
      `${what}: it holds more than one SQL statement. leadlens runs exactly one SELECT; remove everything after the first \`;\` (PostgreSQL: ${said}).`,
    );
  }
  // 25006: a write in a read-only transaction; 25001: an attempt to make it read-write; 0A000 here: a writing WITH.
  if (code === "25006" || code === "25001" || /data-modifying/.test(said)) {
    return new UserError(
      `${what}: it tries to write, and leadlens only reads PostgreSQL, in a read-only transaction. Use a SELECT that only reads (PostgreSQL: ${said}).`,
    );
  }
  return new UserError(`${what}: ${said}.`);
}

/**
 * Removes connection details (password, host, port, user) from a driver message, so an error
 * printed to the terminal or stored in a failed run never carries them.
 *
 * @example
 * scrub("connect ECONNREFUSED 10.0.0.5:5433", { PGHOST: "10.0.0.5", PGPORT: "5433" }); // → "connect ECONNREFUSED <PGHOST>:<PGPORT>"
 */
export function scrub(message: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = message.split("\n")[0];
  const secrets: [string | undefined, string][] = [
    [env.PGPASSWORD, "<PGPASSWORD>"],
    [env.PGHOST, "<PGHOST>"],
    [env.PGPORT, "<PGPORT>"],
    [env.PGUSER, "<PGUSER>"],
  ];
  for (const [value, label] of secrets) {
    if (value && value.length >= 2) out = out.split(value).join(label);
  }
  return out;
}
