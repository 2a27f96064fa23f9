import type { DuckDBConnection } from "@duckdb/node-api";
import { extname } from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import type { FileSpec } from "../config/types.ts";
import { readCsv } from "./read-csv.ts";
import { readJsonl, readParquet } from "./read-parquet.ts";

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
  /** What was read, as shown in `rejects.source_file` (a path, or `postgres:<table>`). */
  sourceFile: string;
  /** What kind of source, for messages (e.g. "CSV file", "PostgreSQL table"). */
  describe?: string;
  /** Rows the reader wrote, when it knows (informational: the engine counts the staged rows itself). */
  rowsRead?: number;
  /**
   * False when the reader knows that no value starts or ends with a character trim() removes, so
   * cleaning can skip trimming (see padding.ts). Unset: values may be padded.
   */
  padded?: boolean;
  /** False when the reader knows that no value holds a NUL byte or starts with U+FEFF (see padding.ts scanText). Unset: they may. */
  badText?: boolean;
}

/**
 * Makes one source readable as a TEMP table or view named `table`: one VARCHAR column per source
 * column, named as in the source, rows in source order. It may also hold `source_row` (BIGINT, 1-based);
 * without it the row's position is its number. The engine reads it once, in order, into its typed table
 * (so a view over a table function costs a single pass). Rows read = rows of `table`. Whole-source
 * problems (missing, unreadable, empty) throw a UserError; errors DuckDB raises while scanning the view
 * are reported as "Cannot read <file> as <kind>".
 */
export type Reader = (spec: FileSpec, conn: DuckDBConnection, table: string, ctx: ReadContext) => Promise<ReadResult>;

const registry = new Map<string, Reader>();

/** Readers by format, read-only: add one with {@link registerReader}. */
export const readers: ReadonlyMap<string, Reader> = registry;

/** Options of {@link registerReader}. */
export interface RegisterOptions {
  /** Replace the reader already registered for the format (a test double, a faster reader). Default false. */
  replace?: boolean;
}

/**
 * Adds the reader of a format; the source config then accepts `format: <format>` (its list of
 * formats is this registry's). Registering a format twice is refused unless `replace` is set: two
 * modules claiming one format is a bug, not a choice.
 *
 * @throws Error when the format already has a reader.
 * @example
 * registerReader("xlsx", readXlsx); // loadConfig now accepts `leads: { file: a.xlsx, format: xlsx, … }`
 */
export function registerReader(format: string, reader: Reader, options: RegisterOptions = {}): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(format))
    throw new Error(`registerReader: a format is a lower-case name such as xlsx, got ${JSON.stringify(format)}.`);
  if (registry.has(format) && !options.replace)
    throw new Error(
      `registerReader: the format "${format}" already has a reader (pass { replace: true } to replace it).`,
    );
  registry.set(format, reader);
}

/** The formats a source config may name, in registration order. */
export function formats(): string[] {
  return [...registry.keys()];
}

// The built-in readers register here, beside the registry, so that any importer of the engine
// (loaders/ingest/run.ts alone, a test, the CLI) finds them. PostgreSQL is loaded on first use:
// its driver is not needed to read files.
registerReader("csv", readCsv);
registerReader("parquet", readParquet);
registerReader("jsonl", readJsonl);
registerReader("postgres", async (spec, conn, table, ctx) =>
  (await import("../postgres/read.ts")).readPostgres(spec, conn, table, ctx),
);

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
export async function readSource(
  spec: FileSpec,
  conn: DuckDBConnection,
  table: string,
  ctx: ReadContext,
): Promise<ReadResult> {
  const format = formatOf(spec);
  const reader = registry.get(format);
  if (!reader) {
    const hint = format === "postgres" ? " (the PostgreSQL reader is not part of this build)" : "";
    throw new UserError(
      `${ctx.configName}: ${ctx.part}.format: no reader for "${format}"${hint}; known: ${[...readers.keys()].join(", ")}.`,
    );
  }
  return reader(spec, conn, table, ctx);
}
