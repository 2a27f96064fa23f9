import { all, one } from "../../store/index.ts";
import type { DuckDBConnection } from "@duckdb/node-api";

/** What every page-data function receives. */
export interface PageContext {
  conn: DuckDBConnection;
  /** Minimum number of leads a published cell must hold. */
  minCell: number;
  /** The analyst's current points file, compared with the model on the Scoring model page. */
  rubric?: string;
  /** The rubric's current MQL threshold (points). */
  rubricMql?: number;
  /** Disqualification rules (YAML) evaluated on the Qualification page. */
  rules?: string;
  /** Results shared by several pages within one build (see shared.ts); absent when one file is computed alone. */
  shared?: Map<string, Promise<unknown>>;
}

export { hasRows } from "../../store/index.ts";

/** Names of attribute columns that may be published (not personal, not identifiers). */
export async function publicAttributes(
  conn: DuckDBConnection,
): Promise<{ name: string; label: string; role: string; type: string }[]> {
  return all(
    conn,
    `SELECT DISTINCT name, coalesce(label, name) AS label, role, type FROM attributes
    WHERE NOT personal AND role <> 'id' ORDER BY name`,
  );
}

/** Names of columns marked personal (never published). */
export async function personalAttributes(conn: DuckDBConnection): Promise<string[]> {
  return (await all<{ name: string }>(conn, "SELECT DISTINCT name FROM attributes WHERE personal OR role = 'id'")).map(
    (r) => r.name,
  );
}

/** Names of columns recorded after the outcome (role post_outcome). */
export async function postOutcomeAttributes(conn: DuckDBConnection): Promise<string[]> {
  return (await all<{ name: string }>(conn, "SELECT DISTINCT name FROM attributes WHERE role = 'post_outcome'")).map(
    (r) => r.name,
  );
}

/** A small fact from the meta table (dataset name, currency), or a default. */
export async function meta(
  conn: DuckDBConnection,
  key: string,
  fallback: string | null = null,
): Promise<string | null> {
  const r = await one<{ value: string }>(conn, "SELECT value FROM meta WHERE key = $1 LIMIT 1", [key]);
  return r?.value ?? fallback;
}
