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
  const c = ident(f.column);
  const t = padded ? `CASE WHEN strlen(${c}) = length(${c}) AND NOT starts_with(${c}, ' ') AND NOT ends_with(${c}, ' ') THEN ${c} ELSE trim(${c}) END` : c;
  const kept = f.trim ? t : c;
  const folded = f.case === "lower" ? `lower(${kept})` : f.case === "upper" ? `upper(${kept})` : kept;
  if (!f.missing.length) return folded;
  if (f.missing.length === 1 && f.trim && f.case === "none") return `NULLIF(${t}, ${literal(f.missing[0])})`;
  return `CASE WHEN ${t} IN (${list(f.missing)}) THEN NULL ELSE ${folded} END`;
}

/** The typed value of a field, computed from its cleaned text `v` (NULL when it does not parse). */
export function typedSql(f: Field, v: string): string {
  switch (f.kind) {
    case "text":
      return v;
    case "number":
      return `TRY_CAST(${v} AS DOUBLE)`;
    case "boolean":
      return `CASE WHEN lower(${v}) IN (${list(f.trueValues)}) THEN true WHEN lower(${v}) IN (${list(f.falseValues)}) THEN false END`;
    case "date":
      return f.formats.length
        ? `TRY_CAST(try_strptime(${v}, [${list(f.formats)}]) AS TIMESTAMP)`
        : `TRY_CAST(${v} AS TIMESTAMP)`;
  }
}

/** What a value that failed to parse is called in `rejects.reason`. */
export const PARSE_REASON: Record<Exclude<Field["kind"], "text">, string> = {
  date: "unparseable date",
  number: "unparseable number",
  boolean: "unrecognised yes/no value",
};

/** The raw-text column of a typed field in the typed table. */
export const rawKey = (f: Field) => `${f.key}__raw`;
