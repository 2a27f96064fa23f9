/**
 * Loaders: sources (CSV, Parquet, JSON lines, PostgreSQL, presets, demo) → canonical DuckDB tables.
 *
 * A reader for another format registers itself with `registerReader(format, reader)`; see
 * {@link Reader} for the contract (a TEMP table/view of VARCHAR columns in source order).
 */
export * from "./ingest/index.ts";
export * from "./config/index.ts";
export { loadPreset, PRESETS } from "./presets/index.ts";
