import { literal } from "../../lib/store/index.ts";
import type { Reader } from "./readers.ts";
import { checkFile, stage } from "./read-file.ts";

/**
 * CSV: every column as text (VARCHAR), delimiter and quote as configured or sniffed by DuckDB,
 * UTF-8 BOM and CRLF handled by DuckDB's reader. Empty unquoted fields arrive as NULL.
 */
export const readCsv: Reader = async (spec, conn, table, ctx) => {
  const { path } = checkFile(spec, ctx);
  const opts = ["all_varchar = true", `header = ${spec.header ?? true}`, "auto_detect = true"];
  if (spec.delimiter) opts.push(`delim = ${literal(spec.delimiter === "\\t" ? "\t" : spec.delimiter)}`);
  // The quote is fixed (default "): left to the sniffer, an unterminated quote makes it pick "no quote"
  // and read `"email` as a value instead of failing.
  opts.push(`quote = ${literal(spec.quote ?? '"')}`);
  return stage(conn, table, `SELECT * FROM read_csv(${literal(path)}, ${opts.join(", ")})`, path, ctx, "CSV");
};
