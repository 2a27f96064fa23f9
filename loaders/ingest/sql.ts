import { ident, literal } from "../../lib/store/index.ts";
import type { Field } from "./fields.ts";

const list = (values: string[]) => values.map(literal).join(", ");

/**
 * The cleaned text of a field: NULL when missing, else trimmed and case-folded as configured.
 * This expression runs on every cell of the file, and trim() is its dearest part (DuckDB decodes every
 * character of the value to find its end), so: when the reader knows no value is padded
 * (`padded` false, see padding.ts), values are taken as they are; otherwise trim() runs only on values
 * that could change: not on plain ASCII values without a space at either end (among ASCII characters
 * trim() removes only the space; strlen counts bytes, length characters, so they are equal on ASCII).
 */
export function cleanSql(f: Field, padded = true): string {
  if (!f.map) return cleanedSql(f, padded);
  // The map applies to the cleaned value: one CASE over it (a map is a handful of typos and synonyms).
  const whens = Object.entries(f.map).map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`);
  return `CASE (${cleanedSql(f, padded)}) ${whens.join(" ")} ELSE (${cleanedSql(f, padded)}) END`;
}

/** {@link cleanSql} before the value map: trimmed, case-folded, missing tokens NULL. */
export function cleanedSql(f: Field, padded = true): string {
  const c = ident(f.column);
  const t = padded
    ? `CASE WHEN strlen(${c}) = length(${c}) AND NOT starts_with(${c}, ' ') AND NOT ends_with(${c}, ' ') THEN ${c} ELSE trim(${c}) END`
    : c;
  const kept = f.trim ? t : c;
  const folded = f.case === "lower" ? `lower(${kept})` : f.case === "upper" ? `upper(${kept})` : kept;
  const sentinel = sentinelSql(f, t);
  if (!f.missing.length && !sentinel) return folded;
  if (!sentinel && f.missing.length === 1 && f.trim && f.case === "none")
    return `NULLIF(${t}, ${literal(f.missing[0])})`;
  const missing = [f.missing.length ? `${t} IN (${list(f.missing)})` : "", sentinel].filter(Boolean).join(" OR ");
  return `CASE WHEN ${missing} THEN NULL ELSE ${folded} END`;
}

/** True when the text `t` is one of the field's sentinel numbers (compared as DOUBLE), or "" when it has none. */
export function sentinelSql(f: Field, t: string): string {
  return f.sentinels?.length
    ? `TRY_CAST(${t} AS DOUBLE) IN (${f.sentinels.map((n) => `${n}::DOUBLE`).join(", ")})`
    : "";
}

/**
 * The parsed value of a field, computed from its cleaned text `v` (NULL when it does not parse);
 * {@link validSql} then decides whether a parsed value is valid.
 *
 * Dates are stored as TIMESTAMP in UTC. The plain shapes `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS` (10
 * bytes, or 19 with ':' at 17: the bulk of every export) cannot carry a zone and take the fast
 * TIMESTAMP cast; any other text goes through TIMESTAMPTZ, which honours an offset or zone name (`-05:00`, `+14:00`, `Z`, `EST`) and takes
 * a text without one as UTC (the ingest runs with TimeZone = UTC), then is cast back to a UTC
 * TIMESTAMP. TIMESTAMP alone would drop the offset (02:30-05:00 stored as 02:30); TIMESTAMPTZ on every
 * value costs 10× the plain cast. That path also requires a leading digit: DuckDB reads the words
 * `epoch`, `infinity` and `-infinity` as dates, and they are not. A `format` with `%z` parses to
 * TIMESTAMPTZ and is converted the same way.
 */
export function typedSql(f: Field, v: string): string {
  switch (f.kind) {
    case "text":
      return v;
    case "number":
      return `TRY_CAST(${v} AS DOUBLE)`;
    case "boolean":
      return `CASE WHEN lower(${v}) IN (${list(f.trueValues)}) THEN true WHEN lower(${v}) IN (${list(f.falseValues)}) THEN false END`;
    case "date": {
      if (f.formats.length) return `TRY_CAST(try_strptime(${v}, [${list(f.formats)}]) AS TIMESTAMP)`;
      // One character compare: two cost 0.05 CPU s more per 1M values, and across 11,856 date, time and
      // offset spellings this one lets no offset through (a 19-byte text with ':' at 17 ends in its seconds).
      const plain = `strlen(${v}) = 10 OR (strlen(${v}) = 19 AND substr(${v}, 17, 1) = ':')`;
      return `CASE WHEN ${plain} THEN TRY_CAST(${v} AS TIMESTAMP)
        WHEN substr(${v}, 1, 1) BETWEEN '0' AND '9' THEN TRY_CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP) END`;
    }
  }
}

/** Dates outside this range are rejected (`date out of range`): no CRM record is from before 1900, and a later year is a placeholder such as 9999-12-31. */
export const DATE_RANGE = { from: "1900-01-01", before: "2100-01-01" } as const;

/**
 * SQL that is true when the parsed value `k` is valid (NULL when `k` is NULL), or null when every
 * parsed value is; a row with an invalid one is rejected: a number must be finite (`1e309`, `NaN`, `Infinity` parse as DOUBLE but break
 * every sum and variance), a date must lie in {@link DATE_RANGE}. Two comparisons per value.
 */
export function validSql(f: Field, k: string): string | null {
  if (f.kind === "number") return `isfinite(${k})`;
  if (f.kind === "date") return `(${k} >= TIMESTAMP '${DATE_RANGE.from}' AND ${k} < TIMESTAMP '${DATE_RANGE.before}')`;
  return null;
}

/** What a value that failed to parse is called in `rejects.reason`. */
export const PARSE_REASON: Record<Exclude<Field["kind"], "text">, string> = {
  date: "unparseable date",
  number: "unparseable number",
  boolean: "unrecognised yes/no value",
};

/** Reasons for values that parse but are not valid (see {@link validSql}). */
export const INVALID_REASON = {
  number: "not a finite number",
  dateWord: "date word, not a date",
  dateRange: `date out of range (before ${DATE_RANGE.from} or from ${DATE_RANGE.before.slice(0, 4)})`,
} as const;

/**
 * The `rejects.reason` of a typed field's kept text `raw` (set only where the value is missing or invalid): run
 * on the rejected rows alone, so telling the reasons apart costs nothing on a clean file.
 */
export function reasonSql(f: Field, raw: string): string {
  const parse =
    f.kind === "date" ? `TRY_CAST(${raw} AS TIMESTAMPTZ)` : f.kind === "number" ? `TRY_CAST(${raw} AS DOUBLE)` : "NULL";
  if (f.kind === "number")
    return `CASE WHEN ${parse} IS NULL THEN ${literal(PARSE_REASON.number)} ELSE ${literal(INVALID_REASON.number)} END`;
  if (f.kind !== "date") return literal(PARSE_REASON[f.kind as "boolean"]);
  const parsed = typedSql(f, raw);
  return `CASE WHEN ${parsed} IS NOT NULL THEN ${literal(INVALID_REASON.dateRange)}
    WHEN ${f.formats.length ? "false" : `${parse} IS NOT NULL`} THEN ${literal(INVALID_REASON.dateWord)}
    ELSE ${literal(PARSE_REASON.date)} END`;
}

/** Reasons for a value no column can hold, checked on every text value when the reader cannot rule them out. */
export const BAD_TEXT = [
  { sql: (v: string) => `contains(${v}, chr(0))`, reason: "value holds a NUL byte" },
  {
    sql: (v: string) => `starts_with(${v}, chr(65279))`,
    reason: "value starts with U+FEFF (a byte-order mark inside the file)",
  },
] as const;

/** The raw-text column of a typed field in the typed table. */
export const rawKey = (f: Field) => `${f.key}__raw`;
