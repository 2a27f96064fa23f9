import type { DuckDBConnection } from "@duckdb/node-api";
import { closeSync, openSync, statSync } from "node:fs";
import { basename } from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import { ident, literal } from "../../lib/store/index.ts";
import type { FileSpec } from "../config/types.ts";
import type { ReadContext, ReadResult } from "./readers.ts";

/** Checks that a spec's file exists, is readable and not empty; returns its path and size. */
export function checkFile(spec: FileSpec, ctx: ReadContext): { path: string; bytes: number } {
  const path = spec.file;
  if (!path) throw new UserError(`${ctx.configName}: ${ctx.part}.file: expected a file path, got nothing.`);
  let bytes: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError(`${path} (${ctx.part}.file) is not a file.`);
    bytes = st.size;
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

/** First line of a DuckDB error, without its "Invalid Input Error:" prefix noise. */
export function duckMessage(e: unknown): string {
  const lines = String((e as Error).message ?? e).split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.slice(0, 2).join(" ").replace(/\s+/g, " ").slice(0, 400);
}

/**
 * Materialises `select` (a table function over the file) as `<table>__raw` and exposes `table` as a view
 * adding `source_row`. DuckDB keeps insertion order in CREATE TABLE AS, so rowid + 1 is the data-row number.
 */
export async function stage(conn: DuckDBConnection, table: string, select: string, path: string, ctx: ReadContext, kind: string): Promise<ReadResult> {
  const raw = ident(`${table}__raw`);
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${raw} AS ${select}`);
  } catch (e) {
    const hint = kind === "CSV" ? " (usual causes: an unterminated quote, or a wrong delimiter or quote setting)" : "";
    throw new UserError(`Cannot read ${path} (${ctx.part}.file) as ${kind}${hint}: ${duckMessage(e)}`);
  }
  await conn.run(`CREATE OR REPLACE TEMP VIEW ${ident(table)} AS SELECT (rowid + 1)::BIGINT AS source_row, * FROM ${raw}`);
  const r = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${raw}`);
  return { rowsRead: Number(r.getRows()[0][0]), sourceFile: path };
}

/** Every column of a staged source, except source_row. */
export async function stagedColumns(conn: DuckDBConnection, table: string): Promise<string[]> {
  const r = await conn.runAndReadAll(`SELECT column_name FROM (DESCRIBE ${ident(table)})`);
  return r.getRows().map((x) => String(x[0])).filter((c) => c !== "source_row");
}

export { literal };
