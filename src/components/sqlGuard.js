// The Explore page's guard: DuckDB-wasm answers SQL over the tables the page loaded, nothing else.
// A statement that would read another file or URL, or needs an extension that is not bundled
// (DuckDB-wasm fetches those from extensions.duckdb.org), is refused with a sentence before it runs.

/** Functions that read files or URLs, or live in an extension this site does not ship. */
const FUNCTIONS =
  /\b(read_json\w*|read_ndjson\w*|json\w*|to_json|from_json\w*|read_parquet|parquet_\w+|read_csv\w*|read_text|read_blob|sniff_csv|glob|iceberg_\w+|delta_scan|sqlite_\w+|postgres_\w+|mysql_\w+|read_xlsx|st_\w+|load_aws_credentials|duckdb_extensions)\s*\(/i;

/** Statements that install, load or attach something, read or write files, or change settings. */
const STATEMENTS =
  /(^|;)\s*(force\s+)?(install|load|attach|detach|copy|export|import|set|reset|pragma|call|use|checkpoint|create\s+(or\s+replace\s+)?(persistent\s+|temporary\s+|temp\s+)?secret)\b/i;

/** Types that live in an extension (the json extension's JSON type). */
const TYPES = /(::\s*json\b|\bcast\s*\([^)]*\bas\s+json\b)/i;

/**
 * Why `query` is refused, or null when it may run. Every string literal that names a URL
 * (`https://`, `s3://`, `//host`) or a file to scan (`FROM 'x.parquet'`) is refused too.
 *
 * @example
 * refuseSql("SELECT * FROM read_json('https://example.com/x.json')") // → "read_json(…) …"
 * refuseSql("SELECT month, leads FROM monthly") // → null
 */
export function refuseSql(query) {
  const text = String(query ?? "");
  const f = FUNCTIONS.exec(text);
  if (f)
    return `${f[1]}(…) is not available here: it reads files or URLs, or needs a DuckDB extension this site does not include (the browser would download it from another host). Query the tables monthly, segments, funnel and roi.`;
  const s = STATEMENTS.exec(text);
  if (s)
    return `${s[0].replace(/^[;\s]+/, "").toUpperCase()} statements are not available here: only queries over the tables monthly, segments, funnel and roi run.`;
  if (TYPES.test(text))
    return "The JSON type needs a DuckDB extension this site does not include. Query the tables monthly, segments, funnel and roi.";
  if (/'[^']*:\/\//.test(text) || /'\/\//.test(text))
    return "URLs are not read here: the page makes no request to another host. Query the tables monthly, segments, funnel and roi.";
  if (/\b(from|join)\s*\(?\s*'[^']*'/i.test(text) || /\b(from|join)\s*\(?\s*"[^"]*\.[a-z0-9]+"/i.test(text))
    return "Files are not read here: query the tables monthly, segments, funnel and roi.";
  return null;
}

/**
 * Statements that switch DuckDB itself off the network, run once the tables are loaded: no extension
 * is installed or loaded automatically, no file or URL beyond the loaded tables is read, and the
 * settings cannot be changed back. A query the guard above lets through still cannot fetch anything.
 */
export const LOCK_DOWN = [
  "SET GLOBAL autoinstall_known_extensions = false",
  "SET GLOBAL autoload_known_extensions = false",
  "SET GLOBAL enable_external_access = false",
  "SET GLOBAL lock_configuration = true",
];
