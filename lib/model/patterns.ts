import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Design } from "../logistic/design.ts";
import type { Encoding } from "../features/types.ts";
import { patternQuery } from "../features/sql.ts";
import { exec, one } from "../store/query.ts";

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

/** The temp table {@link loadPatterns} aggregates into before reading (dropped afterwards). */
const PATTERN_TABLE = "_leadlens_patterns";

/**
 * Runs the pattern aggregation in DuckDB over a prepared table with `won`, `part` and `fold`
 * columns and reads it, ordered by the pattern keys, straight into typed arrays.
 *
 * Memory: when patterns barely repeat there are millions of rows (6.2M at 10M demo leads). They are
 * aggregated into a DuckDB temp table first (DuckDB's memory, spilled to disk beyond its limit), so
 * the row count is known and every array is allocated once at its final size (without aggregation,
 * the row count is the table's); then the ordered rows are streamed one DuckDB chunk (2,048 rows)
 * at a time into those arrays. No JavaScript value per cell and no materialised result: the Node
 * side holds 4 bytes per code and 8 per count, nothing else.
 */
export async function loadPatterns(
  conn: DuckDBConnection,
  encoding: Encoding,
  table: string,
  aggregate: boolean,
): Promise<Patterns> {
  const k = encoding.attributes.length;
  const inner = patternQuery(encoding, { table, by: ["part", "fold"], outcome: "won", aggregate });
  const keys = [...encoding.attributes.map((_, i) => `enc_${i + 1}`), "by_1", "by_2"];
  const select = `SELECT ${keys.map((c) => `CAST(${c} AS INTEGER) AS ${c}`).join(", ")}, CAST(leads AS DOUBLE) AS leads, CAST(conversions AS DOUBLE) AS conversions`;
  let rows: number;
  let sql: string;
  if (aggregate) {
    await exec(conn, `CREATE OR REPLACE TEMP TABLE ${PATTERN_TABLE} AS ${select} FROM (${inner}) p`);
    rows = await count(conn, PATTERN_TABLE);
    sql = `SELECT * FROM ${PATTERN_TABLE} ORDER BY ${keys.join(", ")}`;
  } else {
    // One row per lead: as many rows as the table, so no temp table is needed. Leads with equal keys
    // are ordered by outcome too: by the keys alone they tie, and DuckDB's parallel sort put tied
    // leads in a different order from run to run (the fingerprint and the last digits of the
    // coefficients changed with it).
    rows = await count(conn, table);
    sql = `${select} FROM (${inner}) p ORDER BY ${keys.join(", ")}, conversions`;
  }
  try {
    // codes of each attribute, then part and fold: the integer columns in query order.
    const ints = keys.map(() => new Int32Array(rows));
    const leads = new Float64Array(rows);
    const conversions = new Float64Array(rows);
    const result = await conn.stream(sql);
    let at = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const n = chunk.rowCount;
      if (at + n > rows) throw new Error(`loadPatterns: more rows than counted (${rows})`);
      for (const [c, out] of ints.entries()) readInto(chunk.getColumnVector(c), n, out, at);
      readInto(chunk.getColumnVector(keys.length), n, leads, at);
      readInto(chunk.getColumnVector(keys.length + 1), n, conversions, at);
      at += n;
    }
    if (at !== rows) throw new Error(`loadPatterns: read ${at} rows, counted ${rows}`);
    const codes = ints.slice(0, k);
    const part = ints[k];
    const fold = ints[k + 1];
    return {
      rows,
      codes,
      part,
      fold,
      leads,
      conversions,
      fingerprint: patternFingerprint(codes, part, fold, leads, conversions),
    };
  } finally {
    await exec(conn, `DROP TABLE IF EXISTS ${PATTERN_TABLE}`);
  }
}

async function count(conn: DuckDBConnection, table: string): Promise<number> {
  return Number((await one<{ n: number }>(conn, `SELECT count(*) AS n FROM ${table}`))?.n ?? 0);
}

/** Copies a chunk's column into `out` from `offset` (NULL as 0, as typed arrays store it). */
function readInto(
  vector: { getItem(i: number): unknown },
  n: number,
  out: Int32Array | Float64Array,
  offset: number,
): void {
  for (let i = 0; i < n; i++) out[offset + i] = (vector.getItem(i) as number | null) ?? 0;
}

/**
 * SHA-256 of the pattern columns' bytes (codes of each attribute, part, fold, leads, conversions, in
 * that order): the model's data fingerprint. Rows are in key order, so equal data give equal hashes.
 */
export function patternFingerprint(
  codes: Int32Array[],
  part: Int32Array,
  fold: Int32Array,
  leads: Float64Array,
  conversions: Float64Array,
): string {
  const hash = createHash("sha256");
  for (const a of [...codes, part, fold, leads, conversions])
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest("hex");
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
  for (const a of encoding.attributes) {
    a.levels.forEach((l, i) => {
      if (i !== a.reference) names.push(`${a.name}[${l.level}]`);
    });
  }
  // Non-zeros counted first, so colIdx is allocated once at its size (no rows × k buffer to trim).
  let nnz = 0;
  for (let j = 0; j < p.codes.length; j++) for (let r = 0; r < p.rows; r++) if (map[j][p.codes[j][r]] >= 0) nnz++;
  const rowPtr = new Int32Array(p.rows + 1);
  const colIdx = new Int32Array(nnz);
  let e = 0;
  for (let r = 0; r < p.rows; r++) {
    for (let j = 0; j < p.codes.length; j++) {
      const c = map[j][p.codes[j][r]];
      if (c >= 0) colIdx[e++] = c;
    }
    rowPtr[r + 1] = e;
  }
  return { rows: p.rows, names, sparseCols: names.length - 1, sparse: { rowPtr, colIdx }, denseCols: 0 };
}
