/**
 * Loaders: sources (CSV, Parquet, JSON lines, PostgreSQL, presets, demo) → canonical DuckDB tables.
 *
 * A reader for another format registers itself with `registerReader(format, reader)`; see
 * {@link Reader} for the contract (a TEMP table/view with `source_row` + VARCHAR columns).
 */
export * from "./ingest/index.ts";
// Registers the `postgres` reader (format: postgres / a `postgres:` block in a source config).
import "./postgres/index.ts";
export * from "./config/index.ts";
export { loadPreset, PRESETS } from "./presets/index.ts";
