import pg from "pg";
import { UserError } from "../../lib/errors/UserError.ts";

/**
 * Opens a PostgreSQL connection from the standard PG* environment variables only (PGHOST, PGPORT,
 * PGUSER, PGPASSWORD, PGDATABASE, also PGSSLMODE…): leadlens never takes connection details from a
 * config file or the command line, so they cannot end up in `ingest_runs.config`, logs or the site.
 *
 * Every value comes back as PostgreSQL's own text form (no JS Date/number parsing), which is what
 * the all-VARCHAR staging table wants; the session runs in UTC with ISO dates so timestamps read the
 * same whatever the server's defaults.
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
    await client.query("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'");
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
