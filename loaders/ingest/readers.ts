import type { DuckDBConnection } from "@duckdb/node-api";
import { extname } from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import type { FileSpec } from "../config/types.ts";

/** What a reader is told besides the spec: which part of the config it serves, for messages. */
export interface ReadContext {
  /** The config key of the spec, e.g. `leads`, `outcome`, `stages.long`, `spend`. */
  part: string;
  /** The config's name, for messages (e.g. `olist.yml`). */
  configName: string;
  /** Step progress, e.g. "reading Leads.csv (2.4 MB)". */
  onStep?: (message: string) => void;
}

/** What a reader reports. */
export interface ReadResult {
  /** Data rows read (header excluded). */
  rowsRead: number;
  /** What was read, as shown in `rejects.source_file` (a path, or `postgres:<table>`). */
  sourceFile: string;
}

/**
 * Reads one source into a TEMP table (or view) named `table` holding `source_row` (BIGINT, 1-based
 * data-row number, header excluded) and one VARCHAR column per source column, named as in the
 * source. Whole-source problems (missing, unreadable, empty) throw a UserError.
 */
export type Reader = (spec: FileSpec, conn: DuckDBConnection, table: string, ctx: ReadContext) => Promise<ReadResult>;

/** Readers by format. The PostgreSQL reader registers itself here (loaders/postgres). */
export const readers = new Map<string, Reader>();

/** Adds (or replaces) the reader of a format. */
export function registerReader(format: string, reader: Reader): void {
  readers.set(format, reader);
}

/** The format of a spec: explicit, `postgres` when a postgres block is given, else from the extension. */
export function formatOf(spec: FileSpec): string {
  if (spec.format) return spec.format;
  if (spec.postgres) return "postgres";
  const ext = extname(spec.file ?? "").toLowerCase();
  if (ext === ".parquet" || ext === ".pq") return "parquet";
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return "jsonl";
  return "csv";
}

/** Reads a spec with the reader of its format. */
export async function readSource(spec: FileSpec, conn: DuckDBConnection, table: string, ctx: ReadContext): Promise<ReadResult> {
  const format = formatOf(spec);
  const reader = readers.get(format);
  if (!reader) {
    const hint = format === "postgres" ? " (the PostgreSQL reader is not part of this build)" : "";
    throw new UserError(`${ctx.configName}: ${ctx.part}.format: no reader for "${format}"${hint}; known: ${[...readers.keys()].join(", ")}.`);
  }
  return reader(spec, conn, table, ctx);
}
