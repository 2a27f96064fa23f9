import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, literal } from "../../lib/store/index.ts";
import type { AttributeSpec } from "../config/types.ts";
import { attrKey } from "./attributes.ts";
import { FLAGS, type Part } from "./part.ts";
import { sentinelSql } from "./sql.ts";

const n = (x: number) => x.toLocaleString("en-US");
const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

/**
 * A value that holds at least this share of an attribute's filled rows and lies this many times the
 * width of the other values' range outside it is reported as a likely code (999 for "never"), not a
 * number: binned as a number it swallows the other values into one bin and the fit drops the
 * attribute as constant.
 */
export const SENTINEL_SHARE = 0.5;
export const SENTINEL_DISTANCE = 3;

/**
 * The summary lines about sentinels of the leads' numeric attributes: how many rows held a declared
 * one (counted on the staged text, where they are still visible), and for an attribute without one,
 * a value that looks like a code: reported in the summary and as one `quality_flags` row naming the
 * attribute (not one per lead: it is a fact about the column). Two plain aggregate scans of the ok
 * table for all numeric attributes together.
 */
export async function sentinelNotes(conn: DuckDBConnection, p: Part, attrs: AttributeSpec[]): Promise<void> {
  const numeric = attrs.map((a, i) => ({ a, i, f: p.fields.find((f) => f.key === attrKey(a))! })).filter((x) => x.a.type === "numeric");
  const declared = numeric.filter((x) => x.a.sentinel);
  if (declared.length) {
    const sel = declared.map(({ f }) => `count(*) FILTER (${sentinelSql(f, `trim(${ident(f.column)})`)})::BIGINT`);
    const [row] = (await conn.runAndReadAll(`SELECT ${sel.join(", ")} FROM ${ident(p.staging)}`)).getRows();
    declared.forEach(({ a, i }, k) => {
      p.notes.push(`attributes[${i}].sentinel: ${n(Number(row[k]))} of ${n(p.rowsRead)} rows of ${a.name} hold ${a.sentinel!.join(" or ")}: stored as missing (its own level, not a number)`);
    });
  }
  const open = numeric.filter((x) => !x.a.sentinel);
  if (!open.length) return;
  // A value holding most rows and far outside the rest is the column's min or max: two plain aggregate
  // passes (no GROUP BY) find it, the first for min/max, the second for how many rows hold them.
  const keys = open.map(({ a }) => ident(attrKey(a)));
  const ok = ident(p.ok);
  const ends = keys.flatMap((k, j) => [`min(${k}) AS lo${j}`, `max(${k}) AS hi${j}`, `count(${k}) AS n${j}`]);
  const [e] = await all<Record<string, number | null>>(conn, `SELECT ${ends.join(", ")} FROM ${ok}`);
  const stats = keys.flatMap((k, j) => {
    const [lo, hi] = [e[`lo${j}`], e[`hi${j}`]];
    if (lo === null || hi === null || lo === hi) return [];
    return [
      `count(*) FILTER (${k} = ${hi}) AS nhi${j}`, `max(${k}) FILTER (${k} <> ${hi}) AS below${j}`,
      `count(*) FILTER (${k} = ${lo}) AS nlo${j}`, `min(${k}) FILTER (${k} <> ${lo}) AS above${j}`,
    ];
  });
  if (!stats.length) return;
  const [r] = await all<Record<string, number | null>>(conn, `SELECT ${stats.join(", ")} FROM ${ok}`);
  const candidates = open.map((x, j) => {
    const [lo, hi, filled] = [e[`lo${j}`]!, e[`hi${j}`]!, Number(e[`n${j}`])];
    if (r[`nhi${j}`] === undefined) return null;
    const high = { mode: hi, top: Number(r[`nhi${j}`]), lo, hi: r[`below${j}`]! };
    const low = { mode: lo, top: Number(r[`nlo${j}`]), lo: r[`above${j}`]!, hi };
    return { ...x, filled, ...(high.top >= low.top ? high : low) };
  });
  for (const x of candidates) {
    if (!x || x.top < SENTINEL_SHARE * x.filled) continue;
    const { a, i, f, mode, top, filled, lo, hi } = x;
    const reach = SENTINEL_DISTANCE * Math.max(hi - lo, 1);
    if (mode <= hi + reach && mode >= lo - reach) continue;
    // The report publishes a flag's note up to its first colon: its kind, never a value.
    const note = `likely sentinel value: ${a.name} is ${mode} on ${n(top)} of ${n(filled)} filled rows (${pct(top, filled)}), far outside the other values (${lo} to ${hi}), so it is probably a code, not a number; if it means something (e.g. never), declare it with attributes[${i}].sentinel: [${mode}]`;
    p.notes.push(`attributes[${i}]: ${note}`);
    await conn.run(`INSERT INTO ${FLAGS} VALUES (${literal(p.name)}, NULL, NULL, ${literal(f.column)}, ${literal(String(mode))}, ${literal(note)})`);
  }
}
