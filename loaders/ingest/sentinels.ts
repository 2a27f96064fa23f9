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
 * attribute (not one per lead: it is a fact about the column).
 */
export async function sentinelNotes(conn: DuckDBConnection, p: Part, attrs: AttributeSpec[]): Promise<void> {
  const numeric = attrs
    .map((a, i) => ({ a, i, f: p.fields.find((f) => f.key === attrKey(a))! }))
    .filter((x) => x.a.type === "numeric");
  const declared = numeric.filter((x) => x.a.sentinel);
  if (declared.length) {
    const sel = declared.map(({ f }) => `count(*) FILTER (${sentinelSql(f, `trim(${ident(f.column)})`)})::BIGINT`);
    const [row] = (await conn.runAndReadAll(`SELECT ${sel.join(", ")} FROM ${ident(p.staging)}`)).getRows();
    declared.forEach(({ a, i }, k) => {
      p.notes.push(
        `attributes[${i}].sentinel: ${n(Number(row[k]))} of ${n(p.rowsRead)} rows of ${a.name} hold ${a.sentinel!.join(" or ")}: stored as missing (its own level, not a number)`,
      );
    });
  }
  const open = numeric.filter((x) => !x.a.sentinel);
  if (!open.length) return;
  // Screened on a reservoir sample (all rows of a small file): a value on half the rows is in any
  // sample, and the exact figures are then computed for the flagged attributes alone, so a clean
  // file pays one sampled scan of its numeric columns, not two full ones.
  const cols = open.map(({ a }) => ident(attrKey(a))).join(", ");
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ll_sentinel_sample AS SELECT ${cols} FROM ${ident(p.ok)} USING SAMPLE reservoir(${SAMPLE} ROWS) REPEATABLE (14)`,
  );
  const screened = (await likelyCodes(conn, "ll_sentinel_sample", open)).filter((x) => x !== null);
  if (!screened.length) return;
  for (const x of await likelyCodes(
    conn,
    ident(p.ok),
    screened.map((c) => c!.spec),
  )) {
    if (!x) continue;
    const {
      spec: { a, i, f },
      mode,
      top,
      filled,
      lo,
      hi,
    } = x;
    // The report publishes a flag's note up to its first colon: its kind, never a value.
    const note = `likely sentinel value: ${a.name} is ${mode} on ${n(top)} of ${n(filled)} filled rows (${pct(top, filled)}), far outside the other values (${lo} to ${hi}), so it is probably a code, not a number; if it means something (e.g. never), declare it with attributes[${i}].sentinel: [${mode}]`;
    p.notes.push(`attributes[${i}]: ${note}`);
    await conn.run(
      `INSERT INTO ${FLAGS} VALUES (${literal(p.name)}, NULL, NULL, ${literal(f.column)}, ${literal(String(mode))}, ${literal(note)})`,
    );
  }
}

/** Rows sampled to screen for likely sentinels. */
const SAMPLE = 20_000;

type Spec = { a: AttributeSpec; i: number; f: { column: string } };

/**
 * For each attribute, its likely code (a min or max on at least {@link SENTINEL_SHARE} of the filled
 * rows, {@link SENTINEL_DISTANCE}× the other values' range outside them) in `from`, or null. A value
 * holding most rows and far outside the rest is the column's min or max, so two plain aggregate
 * passes find it (no GROUP BY): min/max, then how many rows hold them and the others' range.
 */
async function likelyCodes(conn: DuckDBConnection, from: string, specs: Spec[]) {
  const keys = specs.map(({ a }) => ident(attrKey(a)));
  const ends = keys.flatMap((k, j) => [`min(${k}) AS lo${j}`, `max(${k}) AS hi${j}`, `count(${k}) AS n${j}`]);
  const [e] = await all<Record<string, number | null>>(conn, `SELECT ${ends.join(", ")} FROM ${from}`);
  const stats = keys.flatMap((k, j) => {
    const [lo, hi] = [e[`lo${j}`], e[`hi${j}`]];
    if (lo === null || hi === null || lo === hi) return [];
    return [
      `count_if(${k} = ${hi}) AS nhi${j}`,
      `max(CASE WHEN ${k} <> ${hi} THEN ${k} END) AS below${j}`,
      `count_if(${k} = ${lo}) AS nlo${j}`,
      `min(CASE WHEN ${k} <> ${lo} THEN ${k} END) AS above${j}`,
    ];
  });
  if (!stats.length) return [];
  const [r] = await all<Record<string, number | null>>(conn, `SELECT ${stats.join(", ")} FROM ${from}`);
  return specs.map((spec, j) => {
    if (r[`nhi${j}`] === undefined) return null;
    const [lo, hi, filled] = [e[`lo${j}`]!, e[`hi${j}`]!, Number(e[`n${j}`])];
    const high = { mode: hi, top: Number(r[`nhi${j}`]), lo, hi: r[`below${j}`]! };
    const low = { mode: lo, top: Number(r[`nlo${j}`]), lo: r[`above${j}`]!, hi };
    const x = { spec, filled, ...(high.top >= low.top ? high : low) };
    if (x.top < SENTINEL_SHARE * filled) return null;
    const reach = SENTINEL_DISTANCE * Math.max(x.hi - x.lo, 1);
    return x.mode > x.hi + reach || x.mode < x.lo - reach ? x : null;
  });
}
