import type { DuckDBConnection } from "@duckdb/node-api";
import { closeSync, openSync, statSync, type Stats } from "node:fs";
import { basename } from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import { ident, literal } from "../../lib/store/index.ts";
import type { FileSpec } from "../config/types.ts";
import type { ReadContext, ReadResult } from "./readers.ts";

/** Checks that a spec's file exists, is readable and not empty; returns its path and size. */
export function checkFile(spec: FileSpec, ctx: ReadContext): { path: string; bytes: number } {
  const path = spec.file;
  if (!path) throw new UserError(`${ctx.configName}: ${ctx.part}.file: expected a file path, got nothing.`);
  noGlob(path, ctx.part);
  let bytes: number;
  try {
    bytes = regularFile(path, ctx.part).size;
    closeSync(openSync(path, "r"));
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new UserError(`Cannot read ${path} (${ctx.part}.file): ${why}.`);
  }
  if (bytes === 0) throw new UserError(`${path} (${ctx.part}.file) is empty: expected a header line and data rows.`);
  ctx.onStep?.(`reading ${basename(path)} (${(bytes / 1e6).toFixed(1)} MB)`);
  return { path, bytes };
}

/**
 * DuckDB's file readers expand `*`, `?` and `[…]` even inside a quoted path, with no way to escape them:
 * `x[1].csv` silently reads `x1.csv`. Such paths are refused rather than read as a pattern.
 */
function noGlob(path: string, part: string): void {
  const c = /[*?[]/.exec(path)?.[0];
  if (c)
    throw new UserError(
      `${path} (${part}.file): the path holds "${c}", which DuckDB's reader treats as a glob character (it could read a different file, e.g. x[1].csv reads x1.csv): rename the file or folder without *, ? or [.`,
    );
}

/**
 * Stats `path` (without opening it) and throws a UserError unless it is a regular file: opening a
 * named pipe waits for a writer, and a device such as /dev/zero never ends, so anything that reads
 * a source (the content hash, the readers) calls this first. Errors of stat itself (ENOENT…) pass.
 */
export function regularFile(path: string, part: string): Stats {
  const st = statSync(path);
  if (st.isFile()) return st;
  const what = st.isDirectory()
    ? "a directory"
    : st.isFIFO()
      ? "a named pipe"
      : st.isCharacterDevice()
        ? "a character device"
        : st.isBlockDevice()
          ? "a block device"
          : st.isSocket()
            ? "a socket"
            : "not a regular file";
  throw new UserError(
    `${path} (${part}.file) is ${what}: expected a regular file holding the export (copy a stream to a file first).`,
  );
}

/**
 * The useful part of a DuckDB error: the lines before its "Possible fixes" (which name DuckDB options,
 * not config keys), without the error-class prefix, long source lines shortened.
 *
 * @example
 * duckMessage(new Error("Invalid Input Error: CSV Error on Line: 4\nOriginal Line: a,b,c,d\nExpected Number of Columns: 3 Found: 4\nPossible fixes: …"))
 * // → "CSV Error on Line: 4; Original Line: a,b,c,d; Expected Number of Columns: 3 Found: 4"
 */
export function duckMessage(e: unknown): string {
  const lines: string[] = [];
  for (const raw of String((e as Error).message ?? e).split("\n")) {
    const l = raw.trim();
    if (/^Possible fixes/i.test(l)) break;
    if (l) lines.push(l.length > 160 ? `${l.slice(0, 160)}…` : l);
  }
  return lines
    .slice(0, 4)
    .join("; ")
    .replace(/^[A-Za-z ]*Error: /, "");
}

/**
 * Exposes `select` (a table function over the file) as the TEMP view `table`. Nothing is read yet beyond
 * what DuckDB needs to bind it (sniffing): the single full pass happens when the typed table is built,
 * which keeps ingest close to the cost of one raw `CREATE TABLE AS SELECT * FROM read_csv(…)`.
 */
export async function stage(
  conn: DuckDBConnection,
  table: string,
  select: string,
  path: string,
  ctx: ReadContext,
  kind: string,
  padded?: boolean,
): Promise<ReadResult> {
  try {
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${ident(table)} AS ${select}`);
  } catch (e) {
    throw readError(path, ctx.part, kind, e);
  }
  return { sourceFile: path, describe: `${kind} file`, padded };
}

/** The UserError for a file DuckDB could not read. */
export function readError(path: string, part: string, kind: string, e: unknown): UserError {
  const hint = kind === "CSV" ? " (usual causes: an unterminated quote, or a wrong delimiter or quote setting)" : "";
  return new UserError(`Cannot read ${path} (${part}.file) as ${kind}${hint}: ${duckMessage(e)}`);
}

/** Every column of a staged source, except source_row. */
export async function stagedColumns(
  conn: DuckDBConnection,
  table: string,
): Promise<{ columns: string[]; ownRowNumbers: boolean }> {
  const r = await conn.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE ${ident(table)})`);
  const rows = r.getRows().map((x) => [String(x[0]), String(x[1])]);
  // A reader's own row numbers are a BIGINT source_row; a text column of a file that happens to be
  // called source_row is just data.
  const ownRowNumbers = rows.some(([c, t]) => c === "source_row" && t === "BIGINT");
  return { columns: rows.map(([c]) => c).filter((c) => !(ownRowNumbers && c === "source_row")), ownRowNumbers };
}

export { literal };
