import { UserError } from "../../lib/errors/UserError.ts";
import type { FileSpec, PostgresSpec } from "../config/types.ts";

/** Rows per FETCH when the config does not say: big enough to amortise round trips, small enough for constant memory. */
export const DEFAULT_BATCH_SIZE = 50_000;

/** A PostgreSQL source resolved from a config: the SELECT to run and a label that holds no connection detail. */
export interface PostgresSource {
  /** The SELECT that yields the leads (or other) rows. */
  sql: string;
  /** What `ingest_runs.source_file` and rejects record: `postgres:table crm.leads` or `postgres:query`. */
  label: string;
  batchSize: number;
}

/**
 * Quotes a possibly schema-qualified table name part by part (`crm.leads` → `"crm"."leads"`).
 * Names are taken exactly as written (PostgreSQL folds unquoted names to lower case; write them so).
 *
 * @example
 * quoteTable("crm.Leads"); // → "\"crm\".\"Leads\""
 */
export function quoteTable(name: string): string {
  const parts = name.split(".");
  if (parts.length > 3 || parts.some((p) => p.trim() === "")) {
    throw new UserError(`postgres.table "${name}" is not a table name: expected \`table\` or \`schema.table\`.`);
  }
  return parts.map((p) => `"${p.trim().replaceAll('"', '""')}"`).join(".");
}

/**
 * Resolves a `postgres:` block of a source config into the SELECT to run.
 *
 * @example
 * postgresSource({ postgres: { table: "crm.leads" } });
 * // → { sql: "SELECT * FROM \"crm\".\"leads\"", label: "postgres:table crm.leads", batchSize: 50000 }
 */
export function postgresSource(spec: FileSpec, key = "leads"): PostgresSource {
  const pgSpec: PostgresSpec | undefined = spec.postgres;
  if (!pgSpec || (!pgSpec.table && !pgSpec.query) || (pgSpec.table && pgSpec.query)) {
    throw new UserError(`${key}.postgres needs exactly one of \`table\` (a table name) or \`query\` (a SELECT).`);
  }
  const batchSize = pgSpec.batch_size ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UserError(
      `${key}.postgres.batch_size must be a positive whole number of rows; got ${String(pgSpec.batch_size)}.`,
    );
  }
  if (pgSpec.table) {
    return { sql: `SELECT * FROM ${quoteTable(pgSpec.table)}`, label: `postgres:table ${pgSpec.table}`, batchSize };
  }
  const query = pgSpec.query!.trim().replace(/;\s*$/, "");
  if (!/^(select|with|values|table)\b/i.test(query)) {
    throw new UserError(
      `${key}.postgres.query must be a single SELECT (or WITH … SELECT); it starts with "${query.slice(0, 20)}".`,
    );
  }
  return { sql: query, label: "postgres:query", batchSize };
}
