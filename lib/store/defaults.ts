/** The store file commands use when no --db is given (relative to the working folder). */
export const DEFAULT_DB = "data/leadlens.duckdb";
