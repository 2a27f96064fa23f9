import type { DuckDBConnection } from "@duckdb/node-api";
import { all, exec, transaction } from "./query.ts";
import { migrations as known, type Migration } from "./migrations/index.ts";
import { UserError } from "../errors/UserError.ts";

/**
 * Brings a store up to the newest schema, applying each missing migration in its own transaction and
 * recording it in `schema_version`. A store made by an older leadlens opens and is upgraded; a store
 * made by a newer leadlens is refused with a clear message rather than misread.
 *
 * @param label the store's path, named in the refusal.
 * @returns the versions applied by this call.
 */
export async function migrate(
  conn: DuckDBConnection,
  migrations: Migration[] = known,
  label?: string,
): Promise<number[]> {
  await exec(
    conn,
    `CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`,
  );
  const done = new Set(
    (await all<{ version: number }>(conn, "SELECT version FROM schema_version")).map((r) => r.version),
  );
  refuseNewer(Math.max(0, ...done), migrations, label);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    await transaction(conn, async () => {
      await conn.run(m.sql);
      await exec(conn, "INSERT INTO schema_version VALUES ($1, $2, current_timestamp)", [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return applied;
}

/**
 * Refuses a store whose schema is newer than any migration this leadlens knows: reading it would
 * misread tables a later version changed. Read-only opens call it too (they do not migrate).
 *
 * @example
 * refuseNewer(3, migrations); // throws UserError "This database was written by a newer leadlens (schema version 3; …"
 */
export function refuseNewer(stored: number, migrations: Migration[] = known, label?: string): void {
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  if (stored > newest) {
    throw new UserError(
      `${label ? `The database ${label}` : "This database"} was written by a newer leadlens (schema version ${stored}; this one knows up to ${newest}). Upgrade leadlens or use another --db.`,
    );
  }
}

/** The newest schema version applied to this store (0 for an empty file). */
export async function schemaVersion(conn: DuckDBConnection): Promise<number> {
  const rows = await all<{ v: number | null }>(conn, "SELECT max(version) AS v FROM schema_version");
  return rows[0]?.v ?? 0;
}
