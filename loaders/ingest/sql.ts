import { ident, literal } from "../../lib/store/index.ts";
import type { Field } from "./fields.ts";

const list = (values: string[]) => values.map(literal).join(", ");

/** The cleaned text of a field: NULL when missing, else trimmed and case-folded as configured. */
export function cleanSql(f: Field): string {
  const c = ident(f.column);
  let v = f.trim ? `trim(${c})` : c;
  if (f.case === "lower") v = `lower(${v})`;
  if (f.case === "upper") v = `upper(${v})`;
  const tokens = f.missing.length ? ` OR trim(${c}) IN (${list(f.missing)})` : "";
  return `CASE WHEN ${c} IS NULL${tokens} THEN NULL ELSE ${v} END`;
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
