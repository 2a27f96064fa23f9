// Only light modules here: everything imported while the commands register loads on every
// start, `leadlens --version` included (heavy ones are imported inside the actions).
import { DEFAULT_DB } from "../lib/store/defaults.ts";

/** The shared `--db` option, same wording on every command. */
export const dbOption = ["--db <path>", "the leadlens DuckDB file", DEFAULT_DB] as const;

/** The shared `--json` option. */
export const jsonOption = ["--json", "print one JSON object on stdout instead of tables"] as const;
