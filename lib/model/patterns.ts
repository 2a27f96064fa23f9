import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Design } from "../logistic/design.ts";
import type { Encoding } from "../features/types.ts";
import { patternQuery } from "../features/sql.ts";

/** Encoded training/test leads, grouped into distinct patterns (or one row per lead). */
export interface Patterns {
  rows: number;
  /** Per attribute, the level index of each row. */
  codes: Int32Array[];
  /** Validation part: out-of-time 0 = train, 1 = test; k-fold = the outer fold. */
  part: Int32Array;
  /** Inner cross-validation fold (stratified by outcome). */
  fold: Int32Array;
  leads: Float64Array;
  conversions: Float64Array;
  /** SHA-256 of the rows (sorted): the data fingerprint. */
  fingerprint: string;
}

/**
 * Runs the pattern aggregation in DuckDB over a prepared table with `won`, `part` and `fold`
 * columns and reads it as typed arrays (column-wise, no row objects).
 */
export async function loadPatterns(conn: DuckDBConnection, encoding: Encoding, table: string, aggregate: boolean): Promise<Patterns> {
  const k = encoding.attributes.length;
  const inner = patternQuery(encoding, { table, by: ["part", "fold"], outcome: "won", aggregate });
  const keys = [...encoding.attributes.map((_, i) => `enc_${i + 1}`), "by_1", "by_2"];
  const sql = `SELECT ${keys.map((c) => `CAST(${c} AS INTEGER) AS ${c}`).join(", ")}, CAST(leads AS DOUBLE) AS leads, CAST(conversions AS DOUBLE) AS conversions
    FROM (${inner}) p ORDER BY ${keys.join(", ")}`;
  const reader = await conn.runAndReadAll(sql);
  const cols = reader.getColumnsJS() as unknown as Array<Array<number>>;
  const rows = reader.currentRowCount;
  const codes = Array.from({ length: k }, (_, j) => Int32Array.from(cols[j]));
  const part = Int32Array.from(cols[k]);
  const fold = Int32Array.from(cols[k + 1]);
  const leads = Float64Array.from(cols[k + 2]);
  const conversions = Float64Array.from(cols[k + 3]);
  const hash = createHash("sha256");
  for (const a of [...codes, part, fold]) hash.update(new Uint8Array(a.buffer));
  hash.update(new Uint8Array(leads.buffer));
  hash.update(new Uint8Array(conversions.buffer));
  return { rows, codes, part, fold, leads, conversions, fingerprint: hash.digest("hex") };
}

/** Column offsets of each attribute's non-reference levels in the design (after the intercept). */
export function columnMap(encoding: Encoding): number[][] {
  let next = 0;
  return encoding.attributes.map((a) => a.levels.map((_, i) => (i === a.reference ? -1 : next++)));
}

/**
 * The sparse reference-coded design of the patterns: one non-zero per attribute whose level is not
 * the reference, so XᵀWX costs O(rows · k²) for k attributes.
 */
export function patternDesign(encoding: Encoding, p: Patterns): Design {
  const map = columnMap(encoding);
  const names = ["intercept"];
  encoding.attributes.forEach((a) => a.levels.forEach((l, i) => { if (i !== a.reference) names.push(`${a.name}[${l.level}]`); }));
  const rowPtr = new Int32Array(p.rows + 1);
  const colIdx = new Int32Array(p.rows * encoding.attributes.length);
  let e = 0;
  for (let r = 0; r < p.rows; r++) {
    for (let j = 0; j < p.codes.length; j++) {
      const c = map[j][p.codes[j][r]];
      if (c >= 0) colIdx[e++] = c;
    }
    rowPtr[r + 1] = e;
  }
  return { rows: p.rows, names, sparseCols: names.length - 1, sparse: { rowPtr, colIdx: colIdx.slice(0, e) }, denseCols: 0 };
}
