import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, literal } from "../../lib/store/index.ts";
import type { Field } from "./fields.ts";
import type { Part } from "./part.ts";
import { cleanedSql } from "./sql.ts";

const n = (x: number) => x.toLocaleString("en-US");
const SHOWN = 5;

/** The config key of a field's map: `attributes[2].map`, `leads.channel.map`. */
export const mapKey = (f: Field) => `${f.origin.replace(/\.column$/, "")}.map`;

/**
 * The summary line of each mapped field of a part: rows mapped per entry, entries no row used, and
 * values neither mapped nor a target (a typo the map does not cover yet), with their rows. One GROUP BY
 * of the column's cleaned values over the staged file, only for columns that have a map.
 */
export async function mapNotes(conn: DuckDBConnection, p: Part): Promise<void> {
  for (const f of p.fields) {
    if (!f.map) continue;
    const entries = Object.entries(f.map);
    const keys = `(VALUES ${entries.map(([k, v]) => `(${literal(k)}, ${literal(v)})`).join(", ")}) m(k, t)`;
    const rows = await all<{ v: string; t: string | null; key: boolean; n: number }>(
      conn,
      `WITH v AS (SELECT ${cleanedSql(f)} AS v, count(*)::BIGINT AS n FROM ${ident(p.staging)} GROUP BY 1 HAVING v IS NOT NULL)
       SELECT v.v, m.t, m.k IS NOT NULL AS key, v.n FROM v LEFT JOIN ${keys} ON m.k = v.v
       WHERE m.k IS NOT NULL OR v.v NOT IN (SELECT t FROM ${keys})
       ORDER BY v.n DESC, v.v`,
    );
    const used = rows.filter((r) => r.key);
    const other = rows.filter((r) => !r.key);
    const unused = entries.map(([k]) => k).filter((k) => !used.some((r) => r.v === k));
    const mapped = used.reduce((s, r) => s + Number(r.n), 0);
    const parts = [
      `${n(mapped)} rows mapped${used.length ? ` (${used.map((r) => `${r.v} → ${r.t} ${n(Number(r.n))}`).join(", ")})` : ""}`,
    ];
    if (unused.length) parts.push(`entries no row used: ${unused.join(", ")}`);
    if (other.length) {
      const shown = other
        .slice(0, SHOWN)
        .map((r) => `${JSON.stringify(r.v)} (${n(Number(r.n))})`)
        .join(", ");
      const rowsOther = other.reduce((s, r) => s + Number(r.n), 0);
      parts.push(
        `${n(other.length)} value(s) in ${n(rowsOther)} rows neither mapped nor a target: ${shown}${other.length > SHOWN ? ", …" : ""}`,
      );
    }
    p.notes.push(`${mapKey(f)}: ${parts.join("; ")}`);
  }
}
