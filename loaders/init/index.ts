import type { DuckDBConnection } from "@duckdb/node-api";
import { basename, dirname, relative, resolve } from "node:path";
import { filledByOutcome, profileCsv } from "./profile.ts";
import { guessConfig, snakeName } from "./guess.ts";
import { starterYaml } from "./write.ts";

export { profileCsv, PLACEHOLDERS, DATE_FORMATS, type FileProfile, type ColumnProfile } from "./profile.ts";
export {
  guessConfig,
  guessType,
  guessRole,
  guessMissing,
  stageOf,
  snakeName,
  outcomeValues,
  sentinelOf,
  type ConfigGuess,
  type AttributeGuess,
} from "./guess.ts";
export { starterYaml } from "./write.ts";

/**
 * Sniffs a CSV and returns a commented starter config for it, with the file path written relative
 * to where the config will be saved (`out`).
 *
 * @example
 * await initConfig(conn, "exports/Leads.csv", "exports/source.yml")
 * // → "# leadlens source config: a starter written by `leadlens init Leads.csv`.\n…"
 */
export async function initConfig(conn: DuckDBConnection, file: string, out: string): Promise<string> {
  const p = await profileCsv(conn, resolve(file));
  const rel = relative(dirname(resolve(out)), resolve(file)) || basename(file);
  const source = snakeName(basename(file).replace(/\.[^.]+$/, ""), new Set()).replace(/_/g, "-");
  let g = guessConfig(p);
  // Open records let init see which columns are filled only once a deal closes (close_value).
  if (g.outcome?.won.length && g.outcome.open.length) {
    const closedBy = [...g.outcome.won, ...g.outcome.lost, ...g.outcome.disqualified];
    g = guessConfig(
      p,
      await filledByOutcome(
        conn,
        p.columns.map((c) => c.name),
        g.outcome.column,
        closedBy,
      ),
    );
  }
  return starterYaml(p, g, rel, source);
}
