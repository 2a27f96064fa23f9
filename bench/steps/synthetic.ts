import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { fitLogistic } from "../../lib/logistic/index.ts";
import { patternDesign, type Patterns } from "../../lib/model/patterns.ts";
import { CACHE } from "../paths.ts";
import { rowPatterns, synthetic, syntheticEncoding } from "../synthetic.ts";
import { fitFigures, timed } from "../timer.ts";
import { dumpDesign } from "../dump.ts";
import { BENCH_C } from "./fit.ts";

/** Reads the pattern aggregation of the synthetic leads table as lib/model's Patterns. */
async function groupInDuckDB(
  table: string,
  attrs: number,
  conn: Awaited<ReturnType<DuckDBInstance["connect"]>>,
): Promise<Patterns> {
  const keys = Array.from({ length: attrs }, (_, j) => `a${j + 1}`);
  const reader = await conn.runAndReadAll(
    `SELECT ${keys.join(", ")}, CAST(count(*) AS DOUBLE) AS leads, CAST(sum(y) AS DOUBLE) AS conversions FROM ${table} GROUP BY ALL ORDER BY ALL`,
  );
  const cols = reader.getColumnsJS() as unknown as number[][];
  const rows = reader.currentRowCount;
  const zeros = new Int32Array(rows);
  return {
    rows,
    codes: keys.map((_, j) => Int32Array.from(cols[j])),
    part: zeros,
    fold: zeros,
    leads: Float64Array.from(cols[attrs]),
    conversions: Float64Array.from(cols[attrs + 1]),
    fingerprint: "",
  };
}

/** Reads every lead's codes (the row-level design) out of DuckDB. */
async function rowsFromDuckDB(
  table: string,
  attrs: number,
  conn: Awaited<ReturnType<DuckDBInstance["connect"]>>,
): Promise<Patterns> {
  const keys = Array.from({ length: attrs }, (_, j) => `a${j + 1}`);
  const reader = await conn.runAndReadAll(`SELECT ${keys.join(", ")}, CAST(y AS DOUBLE) AS y FROM ${table}`);
  const cols = reader.getColumnsJS() as unknown as number[][];
  const rows = reader.currentRowCount;
  const zeros = new Int32Array(rows);
  return {
    rows,
    codes: keys.map((_, j) => Int32Array.from(cols[j])),
    part: zeros,
    fold: zeros,
    leads: new Float64Array(rows).fill(1),
    conversions: Float64Array.from(cols[attrs]),
    fingerprint: "",
  };
}

/**
 * Synthetic categorical leads (bench/synthetic.ts), fitted by lib/logistic at C = 1:
 * - `wide` (e.g. 1M × 30 attributes × 5 levels = 121 columns): the row-level sparse design, solver
 *   time only, design dumped for scikit-learn on the same columns;
 * - `narrow` (e.g. 1M × 6 attributes): leads in a DuckDB table, fitted from the pattern aggregation
 *   (`patterns`) or from the row-level design (`rows`); timed from the query to the solution.
 */
export default async function syntheticStep(args: {
  kind: "wide" | "narrow";
  rows: number;
  attrs: number;
  levels: number;
  mode?: "patterns" | "rows";
}) {
  const s = synthetic(args.rows, args.attrs, args.levels, 20260602 + args.attrs);
  const encoding = syntheticEncoding(s);
  if (args.kind === "wide") {
    const design = await timed(() => patternDesign(encoding, rowPatterns(s)));
    // Coefficients only, which is what sklearn's .fit() returns; then again with standard errors (one
    // more exact XᵀWX at the solution and its inverse), which leadlens' model fit always wants.
    const fit = await timed(() => fitLogistic(design.value, { y: s.y, C: BENCH_C, standardErrors: false }));
    const withSe = await timed(() => fitLogistic(design.value, { y: s.y, C: BENCH_C }));
    dumpDesign(
      join(CACHE, `wide-${args.rows}x${args.attrs}`),
      s.codes,
      s.y,
      s.codes.map(() => args.levels),
      s.codes.map(() => 0),
      BENCH_C,
      1e-8,
    );
    return {
      columns: design.value.names.length,
      design_s: design.s,
      solve_s: fit.s,
      solve_cpu_s: fit.cpu_s,
      solve_with_se_s: withSe.s,
      solve_with_se_cpu_s: withSe.cpu_s,
      iterations: fit.value.iterations,
      converged: fit.value.converged,
      coef: fit.value.coef,
    };
  }
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const cols = s.codes.map((_, j) => `a${j + 1} INTEGER`).join(", ");
  await conn.run(`CREATE TABLE syn (${cols}, y INTEGER)`);
  const app = await conn.createAppender("syn");
  for (let i = 0; i < s.rows; i++) {
    for (let j = 0; j < s.attrs; j++) app.appendInteger(s.codes[j][i]);
    app.appendInteger(s.y[i]);
    app.endRow();
  }
  app.closeSync();
  const read = await timed(() =>
    args.mode === "rows" ? rowsFromDuckDB("syn", s.attrs, conn) : groupInDuckDB("syn", s.attrs, conn),
  );
  const P = read.value;
  const design = await timed(() => patternDesign(encoding, P));
  const fit = await timed(() => fitLogistic(design.value, { y: P.conversions, trials: P.leads, C: BENCH_C }));
  conn.closeSync();
  instance.closeSync();
  return fitFigures(P.rows, s.rows, read, design, fit);
}
