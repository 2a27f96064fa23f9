/**
 * One CSV cell, safe to open in a spreadsheet (OWASP "CSV injection"): a text starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return would be read as a formula (`=HYPERLINK(…)`,
 * `+1+cmd|' /C calc'!A0`), so it gets a leading single quote and is double-quoted. A plain number
 * (`-3.5`, `+2`, `1e-3`) is left as it is: a spreadsheet reads it as that number, and a negative
 * number must stay a number. Other cells are quoted only when CSV needs it (a comma, quote or line
 * break, or spaces at either end). {@link fromCsvCell} undoes the quote when reading back.
 *
 * @example
 * csvCell("=HYPERLINK(\"http://x\")") // → "\"'=HYPERLINK(\"\"http://x\"\")\""
 * csvCell("-3.5")                     // → "-3.5"
 * csvCell(-4)                         // → "-4"
 * csvCell("in (a, b)")                // → "\"in (a, b)\""
 * csvCell("'=x")                      // → "\"''=x\"" (reads back as '=x)
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const v = String(value);
  // A text already looking neutralised (`'=x`) gets a quote too, or fromCsvCell would read back `=x`.
  if (isFormulaLike(v) || NEUTRALISED_RE.test(v)) return quote(`'${v}`);
  return /[",\n\r]|^\s|\s$/.test(v) ? quote(v) : v;
}

/**
 * CSV text of `rows` (a header from the first row's keys, then one line per row), every cell through
 * {@link csvCell}: the one CSV writer for tables published or handed to a spreadsheet.
 *
 * @example
 * csvTable([{ segment: "=cmd", n: 12 }]) // → "segment,n\n\"'=cmd\",12\n"
 */
export function csvTable(rows: readonly Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const line = (cells: unknown[]) =>
    cells
      .map((v) =>
        csvCell(v === null || v === undefined || typeof v === "number" || typeof v === "boolean" ? v : String(v)),
      )
      .join(",");
  return `${[line(columns), ...rows.map((r) => line(columns.map((c) => r[c])))].join("\n")}\n`;
}

/** The characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = "=+\\-@\\t\\r";
/** A plain decimal number, which a spreadsheet reads as a number whatever its sign. */
const PLAIN_NUMBER = "^[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$";

const FORMULA_RE = new RegExp(`^[${FORMULA_START}]`);
const NUMBER_RE = new RegExp(PLAIN_NUMBER);
// One or more quotes before a formula character: csvCell adds one to such a text too, fromCsvCell
// removes one, so `'=x` written as `''=x` reads back as `'=x`.
const NEUTRALISED_RE = new RegExp(`^'+[${FORMULA_START}]`);

/** True when a spreadsheet would read `v` as a formula (and it is not a plain number). */
export function isFormulaLike(v: string): boolean {
  return FORMULA_RE.test(v) && !NUMBER_RE.test(v);
}

/**
 * A cell's text as read from a CSV, with the neutralising quote of {@link csvCell} removed
 * (`'=x` → `=x`); every other text is unchanged, so files written before the quote read the same.
 *
 * @example
 * fromCsvCell("'= email") // → "= email"
 * fromCsvCell("'quoted")  // → "'quoted"
 */
export function fromCsvCell(v: string): string {
  return NEUTRALISED_RE.test(v) ? v.slice(1) : v;
}

/**
 * The SQL (DuckDB) form of {@link csvCell}'s neutralising for a text column written with COPY:
 * the same leading quote on the same cells. COPY does the CSV quoting; pair with FORCE_QUOTE.
 *
 * @example
 * csvCellSql('"lead_id"') // → "CASE WHEN regexp_matches(\"lead_id\", '^[=+\\-@\\t\\r]') AND NOT … THEN '''' || \"lead_id\" ELSE \"lead_id\" END"
 */
export function csvCellSql(columnSql: string): string {
  return `CASE WHEN (regexp_matches(${columnSql}, '^[${FORMULA_START}]') AND NOT regexp_matches(${columnSql}, '${PLAIN_NUMBER}')) OR regexp_matches(${columnSql}, '^''+[${FORMULA_START}]') THEN '''' || ${columnSql} ELSE ${columnSql} END`;
}

function quote(v: string): string {
  return `"${v.replaceAll('"', '""')}"`;
}
