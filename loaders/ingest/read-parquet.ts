import { literal } from "../../lib/store/index.ts";
import type { Reader } from "./readers.ts";
import { checkFile, stage } from "./read-file.ts";

/** Parquet: every column cast to text so that the same SQL validation applies to every format. */
export const readParquet: Reader = async (spec, conn, table, ctx) => {
  const { path } = checkFile(spec, ctx);
  return stage(conn, table, `SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${literal(path)})`, path, ctx, "Parquet");
};

/** JSON lines (one object per line): every field cast to text; nested values become JSON text. */
export const readJsonl: Reader = async (spec, conn, table, ctx) => {
  const { path } = checkFile(spec, ctx);
  return stage(
    conn,
    table,
    `SELECT COLUMNS(*)::VARCHAR FROM read_json(${literal(path)}, format = 'newline_delimited')`,
    path,
    ctx,
    "JSON lines",
  );
};
