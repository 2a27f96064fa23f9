import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import type pg from "pg";
import { ident } from "../../lib/store/query.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import type { FileSpec } from "../config/types.ts";
import { connectPostgres, scrub } from "./connect.ts";
import { postgresSource } from "./source.ts";

/** What the ingest engine passes to every reader (only the parts this reader uses). */
export interface ReadContext {
  /** Called after each batch with the rows read so far (for the progress line). */
  progress?: (rowsRead: number) => void;
  /** The config key being read, for messages (`leads`, `outcome`, …). Default `leads`. */
  key?: string;
  /** The environment holding PG*; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** What a reader returns. */
export interface ReadResult {
  rowsRead: number;
  /** A label for `ingest_runs.source_file` / `rejects.source_file` that holds no connection detail. */
  sourceFile: string;
}

// PostgreSQL type OIDs whose text form the rest of ingest would not read as written.
const BOOL = 16;
const TIMESTAMPTZ = 1184;

/**
 * Reads a PostgreSQL table or query into the ingest engine's staging table: one VARCHAR column per
 * result column plus `source_row` (1-based, in fetch order), so validation, rejects, upsert and
 * atomicity are exactly those of a file source.
 *
 * Memory stays constant: a server-side cursor (DECLARE … NO SCROLL CURSOR inside a read-only
 * transaction) hands over `batch_size` rows per FETCH, each batch is appended to DuckDB and dropped.
 *
 * @example
 * await readPostgres({ postgres: { table: "crm.leads" } }, conn, "staging_leads");
 * // → { rowsRead: 1000000, sourceFile: "postgres:table crm.leads" }
 */
export async function readPostgres(
  spec: FileSpec,
  conn: DuckDBConnection,
  stagingTable: string,
  ctx: ReadContext = {},
): Promise<ReadResult> {
  const key = ctx.key ?? "leads";
  const env = ctx.env ?? process.env;
  const source = postgresSource(spec, key);
  const client = await connectPostgres(env);
  try {
    await client.query("BEGIN TRANSACTION READ ONLY");
    try {
      await client.query(`DECLARE leadlens_read NO SCROLL CURSOR FOR ${source.sql}`);
    } catch (e) {
      throw new UserError(`${key}.postgres: PostgreSQL refused the ${source.label.replace("postgres:", "")}: ${scrub((e as Error).message, env)}.`);
    }
    const rowsRead = await copyBatches(client, conn, stagingTable, source.batchSize, key, ctx.progress);
    await client.query("COMMIT");
    return { rowsRead, sourceFile: source.label };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${key}.postgres: reading ${source.label} failed: ${scrub((e as Error).message, env)}.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** FETCH loop: creates the staging table from the first batch's columns, then appends every batch. */
async function copyBatches(
  client: pg.Client,
  conn: DuckDBConnection,
  stagingTable: string,
  batchSize: number,
  key: string,
  progress?: (rowsRead: number) => void,
): Promise<number> {
  let rowsRead = 0;
  let appender: DuckDBAppender | undefined;
  try {
    for (;;) {
      const batch = await client.query({ text: `FETCH FORWARD ${batchSize} FROM leadlens_read`, rowMode: "array" });
      if (!appender) {
        await createStaging(conn, stagingTable, batch.fields.map((f) => f.name), key);
        appender = await conn.createAppender(stagingTable);
      }
      if (batch.rows.length === 0) break;
      appendBatch(appender, batch.rows as (string | null)[][], batch.fields.map((f) => f.dataTypeID), rowsRead);
      rowsRead += batch.rows.length;
      progress?.(rowsRead);
      if (batch.rows.length < batchSize) break;
    }
  } finally {
    appender?.closeSync();
  }
  return rowsRead;
}

/** The staging table: every source column as VARCHAR, plus the row number rejects point back to. */
async function createStaging(conn: DuckDBConnection, table: string, names: string[], key: string): Promise<void> {
  const seen = new Set<string>();
  for (const n of names) {
    const folded = n.toLowerCase();
    if (seen.has(folded) || folded === "source_row") {
      throw new UserError(
        `${key}.postgres: the result has the column "${n}" twice (or a column named source_row, which leadlens reserves). Give each column its own name with AS in the query.`,
      );
    }
    seen.add(folded);
  }
  const cols = names.map((n) => `${ident(n)} VARCHAR`).join(", ");
  await conn.run(`CREATE OR REPLACE TABLE ${ident(table)} (${cols}${cols ? ", " : ""}source_row BIGINT NOT NULL)`);
}

/**
 * Appends one batch through DuckDB's appender (no SQL text per row), converting PostgreSQL-only text
 * forms, and flushes it so neither side holds more than one batch.
 */
function appendBatch(appender: DuckDBAppender, rows: (string | null)[][], types: number[], offset: number): void {
  const width = types.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (v === null) appender.appendNull();
      else appender.appendVarchar(textOf(v, types[j]));
    }
    appender.appendBigInt(BigInt(offset + i + 1));
    appender.endRow();
  }
  appender.flushSync();
}

/** PostgreSQL booleans print as t/f and UTC timestamptz values end in +00: give the forms files use. */
function textOf(v: string, type: number): string {
  if (type === BOOL) return v === "t" ? "true" : v === "f" ? "false" : v;
  if (type === TIMESTAMPTZ && v.endsWith("+00")) return v.slice(0, -3);
  return v;
}
