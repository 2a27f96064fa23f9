import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import type pg from "pg";
import { ident } from "../../lib/store/query.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import type { FileSpec } from "../config/types.ts";
import type { ReadContext, ReadResult } from "../ingest/readers.ts";
import { oneStatement, readOnly, refused } from "./connect.ts";
import { postgresSource } from "./source.ts";

/** The engine's read context, plus the environment holding PG* (tests pass their own; default process.env). */
export type PostgresReadContext = ReadContext & { env?: NodeJS.ProcessEnv };

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
 * The read cannot write: see `readOnly` and `oneStatement` in connect.ts.
 *
 * @example
 * await readPostgres({ postgres: { table: "crm.leads" } }, conn, "staging_leads", { part: "leads", configName: "crm.yml" });
 * // → { rowsRead: 1000000, sourceFile: "postgres:table crm.leads" }
 */
export async function readPostgres(
  spec: FileSpec,
  conn: DuckDBConnection,
  stagingTable: string,
  ctx: PostgresReadContext,
): Promise<ReadResult> {
  const key = ctx.part;
  const env = ctx.env ?? process.env;
  const source = postgresSource(spec, key);
  const what = source.label.replace("postgres:", "");
  return readOnly(env, `${key}.postgres: reading ${source.label} failed`, async (client) => {
    try {
      // One statement, parsed as such: the configured query cannot add a COMMIT and more after it.
      await client.query(oneStatement(`DECLARE leadlens_read NO SCROLL CURSOR FOR ${source.sql}`));
    } catch (e) {
      throw refused(`${key}.postgres: PostgreSQL refused the ${what}`, e, env);
    }
    ctx.onStep?.(`reading ${source.label} in batches of ${source.batchSize.toLocaleString("en-US")} rows`);
    const progress = (n: number) => ctx.onStep?.(`reading ${source.label}: ${n.toLocaleString("en-US")} rows`);
    const rowsRead = await copyBatches(client, conn, stagingTable, source.batchSize, key, progress);
    return { rowsRead, sourceFile: source.label };
  });
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
        await createStaging(
          conn,
          stagingTable,
          batch.fields.map((f) => f.name),
          key,
        );
        appender = await conn.createAppender(stagingTable, "main", "temp");
      }
      if (batch.rows.length === 0) break;
      appendBatch(
        appender,
        batch.rows as (string | null)[][],
        batch.fields.map((f) => f.dataTypeID),
        rowsRead,
      );
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
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(table)} (source_row BIGINT NOT NULL${cols ? ", " : ""}${cols})`);
}

/**
 * Appends one batch through DuckDB's appender (no SQL text per row), converting PostgreSQL-only text
 * forms, and flushes it so neither side holds more than one batch.
 */
function appendBatch(appender: DuckDBAppender, rows: (string | null)[][], types: number[], offset: number): void {
  const width = types.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    appender.appendBigInt(BigInt(offset + i + 1));
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (v === null) appender.appendNull();
      else appender.appendVarchar(textOf(v, types[j]));
    }
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
