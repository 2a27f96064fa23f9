import { literal } from "../../lib/store/index.ts";
import type { Reader } from "./readers.ts";
import { checkFile, stage } from "./read-file.ts";
import { columnNames, firstLine, guessDelimiter, splitLine } from "./csv-header.ts";
import { scanText } from "./padding.ts";
import { UserError } from "../../lib/errors/UserError.ts";

/**
 * CSV: every column as text (VARCHAR). The dialect is fixed here rather than left to DuckDB's sniffer:
 * the header is the first line (by contract), the delimiter is the configured one or the one that
 * splits the header into the most fields, the quote is `"` unless configured. A sniffer facing a
 * ragged row or an unterminated quote picks a different dialect (skipping lines, "no quote") and loads
 * wrong values; with the dialect fixed such a file fails with DuckDB's line number instead. UTF-8 BOM
 * and CRLF are handled by DuckDB's reader; empty unquoted fields arrive as NULL. The file is also
 * scanned for values that could need trimming (a native byte search, far cheaper than trim() on
 * every value when there are none) and for NUL bytes or a U+FEFF inside it (rows holding one are
 * rejected; without any, that check is skipped).
 */
export const readCsv: Reader = async (spec, conn, table, ctx) => {
  const { path } = checkFile(spec, ctx);
  const quote = spec.quote ?? '"';
  const header = firstLine(path);
  // The names reach SQL text (the reader's column list), which a NUL byte would cut short.
  if (header.includes("\0"))
    throw new UserError(
      `${path} (${ctx.part}.file): the header line holds a NUL byte: expected column names (is this a binary or UTF-16 file? Save it as UTF-8 CSV).`,
    );
  const delimiter = spec.delimiter ? (spec.delimiter === "\\t" ? "\t" : spec.delimiter) : guessDelimiter(header, quote);
  const names = columnNames(splitLine(header, delimiter, quote), spec.header ?? true);
  const columns = `{${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(", ")}}`;
  const opts = [
    "auto_detect = false",
    `header = ${spec.header ?? true}`,
    `delim = ${literal(delimiter)}`,
    `quote = ${literal(quote)}`,
    `escape = ${literal(quote)}`,
    `columns = ${columns}`,
  ];
  const { padded, badText } = await scanText(path, delimiter, quote);
  const r = await stage(
    conn,
    table,
    `SELECT * FROM read_csv(${literal(path)}, ${opts.join(", ")})`,
    path,
    ctx,
    "CSV",
    padded,
  );
  return { ...r, badText };
};
