import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/index.ts";
import { checkLeadColumns, leadColumns } from "../funnel/leadColumns.ts";

/** How an attribute is cut into segments. */
export type AttributeKind = "categorical" | "numeric" | "date";

/** An attribute to break conversion down by. */
export interface SegmentAttribute {
  name: string;
  kind: AttributeKind;
}

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const DATE_TYPE = /^(DATE|TIMESTAMP.*|TIME)$/i;

/**
 * The attributes to segment by: the names asked for (checked against `leads`), or by default the
 * lead's channel plus every attribute whose role is fit.* or intent.* and which is not personal
 * (post-outcome attributes are left out by default: they describe what happened after contact).
 *
 * @example
 * await segmentAttributes(conn) // → [{ name: "channel", kind: "categorical" }, { name: "total_visits", kind: "numeric" }, …]
 */
export async function segmentAttributes(conn: DuckDBConnection, names?: string[]): Promise<SegmentAttribute[]> {
  const cols = await leadColumns(conn);
  const described = await all<{ name: string; role: string; type: string; personal: boolean }>(
    conn,
    "SELECT name, role, type, personal FROM attributes",
  );
  const kindOf = (name: string): AttributeKind => {
    const d = described.find((a) => a.name === name);
    if (d) return d.type === "numeric" ? "numeric" : d.type === "date" ? "date" : "categorical";
    const type = cols.find((c) => c.name === name)?.type ?? "VARCHAR";
    return NUMERIC_TYPE.test(type) ? "numeric" : DATE_TYPE.test(type) ? "date" : "categorical";
  };
  if (names?.length) {
    await checkLeadColumns(conn, names);
    return names.map((name) => ({ name, kind: kindOf(name) }));
  }
  const defaults = described
    .filter((a) => /^(fit|intent)\./.test(a.role) && !a.personal && a.type !== "date")
    .map((a) => a.name)
    .filter((n) => cols.some((c) => c.name === n));
  return ["channel", ...defaults.filter((n) => n !== "channel")].map((name) => ({ name, kind: kindOf(name) }));
}
