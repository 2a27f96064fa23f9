import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../../lib/errors/UserError.ts";
import { all, ident, literal } from "../../lib/store/index.ts";
import { checkFile, duckMessage } from "../ingest/read-file.ts";

/** Values that often stand for "no answer" in CRM exports. */
export const PLACEHOLDERS = [
  "Select",
  "select",
  "N/A",
  "n/a",
  "NA",
  "na",
  "-",
  "--",
  "?",
  "(blank)",
  "(none)",
  "none",
  "None",
  "null",
  "NULL",
  "unknown",
  "Unknown",
  "#N/A",
  "not provided",
  "Not Provided",
];

/** Date formats tried on text columns (ISO is tried first, by a plain cast). */
export const DATE_FORMATS = [
  "%d/%m/%Y",
  "%m/%d/%Y",
  "%d.%m.%Y",
  "%Y/%m/%d",
  "%d-%m-%Y",
  "%d/%m/%Y %H:%M",
  "%m/%d/%Y %H:%M",
  "%d/%m/%Y %H:%M:%S",
];

/** Numbers that exports use as codes ("never contacted" = -1 or 999), checked as sentinels. */
export const SENTINEL_CANDIDATES = [-1, -999, 999, 9999];

/** What the sniffer and a pass over the values found about one column. */
export interface ColumnProfile {
  name: string;
  /** Non-empty values. */
  filled: number;
  /** Distinct non-empty values, and after lower-casing (fewer = case duplicates). */
  distinct: number;
  distinctLower: number;
  /** Most frequent values with their counts. */
  top: Array<{ value: string; n: number }>;
  /** Placeholder tokens found, with counts. */
  placeholders: Array<{ value: string; n: number }>;
  /** Of the values that are not placeholders: how many parse as a number, an ISO date, or each date format. */
  numeric: number;
  isoDate: number;
  dateFormats: Array<{ format: string; n: number }>;
  /** Values that read as yes/no. */
  yesNo: number;
  /** Numbers that are whole, and the range of the numbers that are not a sentinel candidate. */
  integers?: number;
  range?: { min: number | null; max: number | null };
}

/** The whole file's profile. */
export interface FileProfile {
  file: string;
  delimiter: string;
  quote: string;
  header: boolean;
  rows: number;
  /** True when only the first `rows` rows were profiled. */
  sampled: boolean;
  columns: ColumnProfile[];
}

const SAMPLE = 200_000;

/**
 * Sniffs a CSV with DuckDB and profiles every column (on the first 200,000 rows). Two scans of the
 * table in all: one aggregate over every column, one count of every (column, value) pair; a query
 * per column was 16 s on a 41k-row, 17-column file on a loaded machine, these take 3-4 s.
 */
export async function profileCsv(conn: DuckDBConnection, file: string): Promise<FileProfile> {
  checkFile({ file }, { part: "init", configName: "init" });
  let sniff: Record<string, unknown>;
  try {
    [sniff] = await all(conn, `SELECT Delimiter AS d, Quote AS q, HasHeader AS h FROM sniff_csv(${literal(file)})`);
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ll_init AS SELECT * FROM read_csv(${literal(file)}, all_varchar = true) LIMIT ${SAMPLE + 1}`,
    );
  } catch (e) {
    throw new UserError(`Cannot read ${file} as CSV: ${duckMessage(e)}`);
  }
  const names = (await all<{ c: string }>(conn, "SELECT column_name AS c FROM (DESCRIBE ll_init)")).map((r) => r.c);
  const [{ n }] = await all<{ n: number }>(conn, "SELECT count(*) AS n FROM ll_init");
  // The cleaned values once, in a table of their own: repeating the trim and the placeholder list in
  // every aggregate was most of a second per 10 columns at 41k rows.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ll_init_v AS SELECT ${names.map((c, i) => `trim(${ident(c)}) AS t${i}, ${cleaned(c)} AS v${i}`).join(", ") || "1"} FROM ll_init`,
  );
  const stats = names.length
    ? (await all(conn, `SELECT ${names.map((_, i) => columnStats(i)).join(",\n")} FROM ll_init_v`))[0]
    : {};
  const values = await valueCounts(conn, names);
  const dates = await dateCounts(
    conn,
    names.map((_, i) => i).filter((i) => (stats[`c${i}_datey`] as number) > 0),
  );
  const columns = names.map((name, i) => {
    const s = (k: string) => stats[`c${i}_${k}`] as number;
    const counted = values.get(name) ?? { top: [], placeholders: [] };
    return {
      name,
      filled: s("filled"),
      distinct: s("distinct"),
      distinctLower: s("distinct_lower"),
      ...counted,
      numeric: s("numeric"),
      isoDate: dates.get(i)?.iso ?? 0,
      yesNo: s("yes_no"),
      integers: s("integers"),
      range: { min: s("min"), max: s("max") },
      dateFormats: DATE_FORMATS.map((format, f) => ({ format, n: dates.get(i)?.formats[f] ?? 0 })),
    };
  });
  return {
    file,
    delimiter: String(sniff.d),
    quote: String(sniff.q),
    header: !!sniff.h,
    rows: Math.min(n, SAMPLE),
    sampled: n > SAMPLE,
    columns,
  };
}

/** The value of a column: trimmed, NULL when empty or a placeholder. */
function cleaned(name: string): string {
  const c = `trim(${ident(name)})`;
  return `(CASE WHEN ${c} = '' OR ${c} IN (${PLACEHOLDERS.map(literal).join(", ")}) THEN NULL ELSE ${c} END)`;
}
/** Could be a date: starts and ends with a digit, with a separator between. */
const datey = (v: string) => `regexp_full_match(${v}, '\\d.*[/.\\-].*\\d')`;

/**
 * How many values of each date-like column parse as ISO and as each format. Only columns with a
 * date-like value are tried, and only on those values (in a CASE, which DuckDB evaluates lazily; a
 * FILTER's AND does not spare the parse): strptime on every value of every column was most of
 * init's time (about 0.1 s per format and column at 41k rows).
 */
async function dateCounts(
  conn: DuckDBConnection,
  columns: number[],
): Promise<Map<number, { iso: number; formats: number[] }>> {
  const out = new Map<number, { iso: number; formats: number[] }>();
  if (!columns.length) return out;
  const parts = columns.map((i) => {
    const v = `v${i}`;
    const when = (e: string) => `count(CASE WHEN ${datey(v)} THEN ${e} END)`;
    return [
      `${when(`TRY_CAST(${v} AS TIMESTAMP)`)} AS c${i}_iso`,
      ...DATE_FORMATS.map((f, k) => `${when(`try_strptime(${v}, ${literal(f)})`)} AS c${i}_f${k}`),
    ].join(", ");
  });
  const [r] = await all(conn, `SELECT ${parts.join(",\n")} FROM ll_init_v`);
  for (const i of columns)
    out.set(i, { iso: r[`c${i}_iso`] as number, formats: DATE_FORMATS.map((_, k) => r[`c${i}_f${k}`] as number) });
  return out;
}

/** The aggregates of one column (t<i> its trimmed text, v<i> its value), named c<i>_<stat>. */
function columnStats(i: number): string {
  const [c, v] = [`t${i}`, `v${i}`];
  const d = `TRY_CAST(${v} AS DOUBLE)`;
  const codes = SENTINEL_CANDIDATES.join(", ");
  const a = (k: string, e: string) => `${e} AS c${i}_${k}`;
  return [
    a("filled", `count(NULLIF(${c}, ''))`),
    a("distinct", `count(DISTINCT NULLIF(${c}, ''))`),
    a("distinct_lower", `count(DISTINCT lower(NULLIF(${c}, '')))`),
    a("numeric", `count(${d})`),
    a("integers", `count(*) FILTER (WHERE ${d} = round(${d}))`),
    a("min", `min(${d}) FILTER (WHERE ${d} NOT IN (${codes}))`),
    a("max", `max(${d}) FILTER (WHERE ${d} NOT IN (${codes}))`),
    a("yes_no", `count(*) FILTER (WHERE lower(${v}) IN ('yes', 'no', 'true', 'false', 'y', 'n'))`),
    a("datey", `count(*) FILTER (WHERE ${datey(v)})`),
  ].join(", ");
}

/** The eight most frequent values of each column and its placeholder tokens, from one count of (column, value). */
async function valueCounts(
  conn: DuckDBConnection,
  names: string[],
): Promise<Map<string, Pick<ColumnProfile, "top" | "placeholders">>> {
  const out = new Map<string, Pick<ColumnProfile, "top" | "placeholders">>();
  if (!names.length) return out;
  const ph = PLACEHOLDERS.map(literal).join(", ");
  const rows = await all<{ col: string; value: string; n: number; rk: number }>(
    conn,
    `
    WITH counts AS (
      SELECT col, trim(value) AS value, count(*) AS n
      FROM (UNPIVOT (SELECT ${names.map((c) => `${ident(c)}::VARCHAR AS ${ident(c)}`).join(", ")} FROM ll_init) ON COLUMNS(*) INTO NAME col VALUE value)
      WHERE trim(value) <> '' GROUP BY ALL)
    SELECT col, value, n, row_number() OVER (PARTITION BY col ORDER BY n DESC, value) AS rk
    FROM counts QUALIFY rk <= 8 OR value IN (${ph}) ORDER BY col, n DESC, value`,
  );
  for (const name of names) out.set(name, { top: [], placeholders: [] });
  for (const r of rows) {
    const e = out.get(r.col)!;
    if (r.rk <= 8) e.top.push({ value: r.value, n: r.n });
    if (PLACEHOLDERS.includes(r.value)) e.placeholders.push({ value: r.value, n: r.n });
  }
  return out;
}

/**
 * For an outcome column: how many rows are open and closed, and how many of each have each other
 * column filled (a column filled only on closed records is recorded when the deal closes). `closed`:
 * the values meaning won, lost or disqualified; any other value, or none, is open.
 */
export async function filledByOutcome(
  conn: DuckDBConnection,
  names: string[],
  outcome: string,
  closed: string[],
): Promise<{ open: number; closed: number; filled: Map<string, { open: number; closed: number }> }> {
  const o = `lower(trim(${ident(outcome)}))`;
  const isOpen = `(${o} IS NULL OR ${o} NOT IN (${closed.map((x) => literal(x.toLowerCase())).join(", ")}))`;
  const cols = names.map(
    (c, i) =>
      `count(NULLIF(trim(${ident(c)}), '')) FILTER (WHERE ${isOpen}) AS o${i}, count(NULLIF(trim(${ident(c)}), '')) FILTER (WHERE NOT ${isOpen}) AS c${i}`,
  );
  const [r] = await all(
    conn,
    `SELECT count(*) FILTER (WHERE ${isOpen}) AS n_open, count(*) FILTER (WHERE NOT ${isOpen}) AS n_closed, ${cols.join(", ")} FROM ll_init`,
  );
  return {
    open: r.n_open as number,
    closed: r.n_closed as number,
    filled: new Map(names.map((c, i) => [c, { open: r[`o${i}`] as number, closed: r[`c${i}`] as number }])),
  };
}
