import { UserError } from "../errors/UserError.ts";

/**
 * DuckDB's words for a file it cannot read as a database: not one at all, cut short (a full disk,
 * an interrupted copy), or a block whose checksum fails. They can surface at open or at any later
 * query that reaches the bad block.
 */
const DAMAGE =
  /not a valid DuckDB database file|Could not read enough bytes from file|Corrupt database file|does not match stored checksum/i;

/** The store opened last (as given, and resolved as DuckDB names it), for damage that surfaces after it was closed. */
let lastOpened: { path: string; full: string } | undefined;

/** Records the store file just opened (openStore calls it). */
export function noteOpened(path: string, full: string): void {
  lastOpened = { path, full };
}

/**
 * The one-paragraph UserError for a store file DuckDB cannot read, or null when `e` is something
 * else. Names `path`, else the store opened last (DuckDB's checksum message names no file; a short
 * read names one, and when that is not the store's file or its WAL, the error is not about the store).
 *
 * @example
 * damagedStore(new Error('IO Error: Could not read enough bytes from file "data/leadlens.duckdb": …'));
 * // → UserError "The database data/leadlens.duckdb is damaged or is not a leadlens database: …"
 */
export function damagedStore(e: unknown, path?: string): UserError | null {
  const message = e instanceof Error ? e.message : String(e);
  if (!DAMAGE.test(message)) return null;
  const named = /from file "([^"]+)"/.exec(message)?.[1];
  // A short read of some other file (an export being read) is not the store's damage.
  if (!path && named && lastOpened && !named.startsWith(lastOpened.full)) return null;
  const file = path ?? (named && lastOpened ? lastOpened.path : named) ?? lastOpened?.path ?? "(the --db file)";
  const said = message.split("\n")[0].replace(/^IO Error: /, "");
  return new UserError(
    `The database ${file} is damaged or is not a leadlens database: DuckDB cannot read it (${said}). ` +
      "A file cut short by a full disk or an interrupted copy looks like this. Restore it from a backup, " +
      "or move it aside and load your data again with `leadlens ingest …`, or pass --db with the right file.",
  );
}
