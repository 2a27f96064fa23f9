import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../../lib/errors/UserError.ts";
import { all, ident, literal } from "../../lib/store/index.ts";
import { checkFile, duckMessage } from "../ingest/read-file.ts";

/** Values that often stand for "no answer" in CRM exports. */
export const PLACEHOLDERS = ["Select", "select", "N/A", "n/a", "NA", "na", "-", "--", "?", "(blank)", "(none)", "none", "None", "null", "NULL", "unknown", "Unknown", "#N/A", "not provided", "Not Provided"];

/** Date formats tried on text columns (ISO is tried first, by a plain cast). */
export const DATE_FORMATS = ["%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S"];

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

/** Sniffs a CSV with DuckDB and profiles every column (on the first 200,000 rows). */
export async function profileCsv(conn: DuckDBConnection, file: string): Promise<FileProfile> {
  checkFile({ file }, { part: "init", configName: "init" });
  let sniff: Record<string, unknown>;
  try {
    [sniff] = await all(conn, `SELECT Delimiter AS d, Quote AS q, HasHeader AS h FROM sniff_csv(${literal(file)})`);
    await conn.run(`CREATE OR REPLACE TEMP TABLE ll_init AS SELECT * FROM read_csv(${literal(file)}, all_varchar = true) LIMIT ${SAMPLE + 1}`);
  } catch (e) {
    throw new UserError(`Cannot read ${file} as CSV: ${duckMessage(e)}`);
  }
  const names = (await all<{ c: string }>(conn, "SELECT column_name AS c FROM (DESCRIBE ll_init)")).map((r) => r.c);
  const [{ n }] = await all<{ n: number }>(conn, "SELECT count(*) AS n FROM ll_init");
  const columns: ColumnProfile[] = [];
  for (const name of names) columns.push(await profileColumn(conn, name));
  return { file, delimiter: String(sniff.d), quote: String(sniff.q), header: !!sniff.h, rows: Math.min(n, SAMPLE), sampled: n > SAMPLE, columns };
}

async function profileColumn(conn: DuckDBConnection, name: string): Promise<ColumnProfile> {
  const c = `trim(${ident(name)})`;
  const ph = PLACEHOLDERS.map(literal).join(", ");
  const v = `CASE WHEN ${c} = '' OR ${c} IN (${ph}) THEN NULL ELSE ${c} END`;
  const fmts = DATE_FORMATS.map((f) => `count(try_strptime(v, ${literal(f)})) AS ${ident(f)}`).join(", ");
  const [s] = await all(conn, `SELECT count(NULLIF(${c}, '')) AS filled, count(DISTINCT NULLIF(${c}, '')) AS distinct, count(DISTINCT lower(NULLIF(${c}, ''))) AS distinct_lower,
      count(TRY_CAST(v AS DOUBLE)) AS numeric, count(TRY_CAST(v AS TIMESTAMP)) AS iso, count(*) FILTER (WHERE lower(v) IN ('yes', 'no', 'true', 'false', 'y', 'n')) AS yes_no, ${fmts}
    FROM (SELECT ${v} AS v, ${ident(name)} FROM ll_init)`);
  const top = await all<{ value: string; n: number }>(conn, `SELECT ${c} AS value, count(*) AS n FROM ll_init WHERE NULLIF(${c}, '') IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 6`);
  const placeholders = await all<{ value: string; n: number }>(conn, `SELECT ${c} AS value, count(*) AS n FROM ll_init WHERE ${c} IN (${ph}) GROUP BY 1 ORDER BY 2 DESC`);
  return {
    name,
    filled: s.filled as number,
    distinct: s.distinct as number,
    distinctLower: s.distinct_lower as number,
    top,
    placeholders,
    numeric: s.numeric as number,
    isoDate: s.iso as number,
    dateFormats: DATE_FORMATS.map((format) => ({ format, n: s[format] as number })),
    yesNo: s.yes_no as number,
  };
}
