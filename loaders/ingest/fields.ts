import type { ColumnRef, Normalize, SourceConfig } from "../config/types.ts";

/** How a field's text is read: kept as text, or parsed as a date, number or yes/no. */
export type FieldKind = "text" | "date" | "number" | "boolean";

/** One source column to read, with every option resolved (source-wide defaults applied). */
export interface Field {
  /** Column name in the typed staging table. */
  key: string;
  /** Column name in the source file. */
  column: string;
  kind: FieldKind;
  /** Tokens meaning missing, compared after trimming. */
  missing: string[];
  trim: boolean;
  case: "none" | "lower" | "upper";
  /** Date formats (strftime); empty = ISO 8601. */
  formats: string[];
  trueValues: string[];
  falseValues: string[];
  /** The config key that named this column, for messages (e.g. `attributes[2].column`). */
  origin: string;
  /** Cleaned value → canonical value (`map` of the column or attribute). */
  map?: Record<string, string>;
  /** Numbers that are a code (attributes[].sentinel): read as missing, compared as numbers. */
  sentinels?: number[];
}

const TRUE = ["yes", "true", "1", "y"];
const FALSE = ["no", "false", "0", "n"];

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Resolves a column reference against the source-wide defaults.
 *
 * @example
 * field({ missing: ["Select"] } as SourceConfig, "ch", { column: "Lead Source", normalize: { case: "lower" } }, "text", "leads.channel")
 * // → { key: "ch", column: "Lead Source", missing: ["", "Select"], trim: true, case: "lower", … }
 */
export function field(
  config: SourceConfig,
  key: string,
  ref: ColumnRef,
  kind: FieldKind,
  origin: string,
  extra: {
    missing?: unknown[];
    normalize?: Normalize;
    trueValues?: unknown[];
    falseValues?: unknown[];
    map?: Record<string, unknown>;
  } = {},
): Field {
  const spec = typeof ref === "string" ? { column: ref } : ref;
  const norm = { ...config.normalize, ...extra.normalize, ...spec.normalize };
  const missing = [...(config.missing ?? [""]), ...(extra.missing ?? []), ...(spec.missing ?? [])].map(String);
  return {
    key,
    column: spec.column,
    kind,
    missing: [...new Set(missing.map((m) => m.trim()))],
    trim: norm.trim ?? true,
    case: norm.case ?? "none",
    formats: asList(spec.format ?? config.date_format),
    trueValues: (extra.trueValues ?? TRUE).map((v) => String(v).toLowerCase()),
    falseValues: (extra.falseValues ?? FALSE).map((v) => String(v).toLowerCase()),
    origin,
    ...mapOf(spec.map ?? extra.map),
  };
}

const mapOf = (m: Record<string, unknown> | undefined) =>
  m && Object.keys(m).length ? { map: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])) } : {};
