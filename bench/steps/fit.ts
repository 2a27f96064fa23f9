import { join } from "node:path";
import { openStore, exec } from "../../lib/store/index.ts";
import { inputColumn } from "../../lib/model/fit.ts";
import { withMemoryLimit } from "../../lib/model/memory.ts";
import { buildEncoding, leadsRelation, resolveInputs } from "../../lib/features/index.ts";
import { loadPatterns, patternDesign } from "../../lib/model/patterns.ts";
import { prepareFitTable, resolveAsOf } from "../../lib/model/split.ts";
import { fitLogistic } from "../../lib/logistic/index.ts";
import { CACHE, storePath } from "../paths.ts";
import { fitFigures, timed } from "../timer.ts";
import { dumpDesign } from "../dump.ts";

/** The fixed penalty of the fit comparisons (sklearn's C; λ = 1/C). */
export const BENCH_C = 1;

/**
 * The demo store's model inputs fitted by the same solver (lib/logistic, C = 1) on
 * - `patterns`: leads grouped into distinct encoded patterns in DuckDB (GROUP BY), or
 * - `rows`: the row-level one-hot design (one row per lead).
 * Timed: reading the design out of DuckDB (the aggregation query or the row query) and the solve.
 * In `rows` mode the design is also dumped for scikit-learn (bench/sklearn_fit.py).
 */
export default async function fitStep(args: { size: string; mode: "patterns" | "rows"; dump?: boolean }) {
  const store = await openStore(storePath(args.size));
  const conn = store.conn;
  const { inputs } = await resolveInputs(conn, undefined);
  const asOf = await resolveAsOf(conn);
  const relation = leadsRelation({ asOf, halfLifeDays: 30, activity: inputs.some((i) => i.source === "activity") });
  // As fitModel runs its queries: only the inputs' columns, then DuckDB's allocator cache flushed.
  const { encoding, read } = await withMemoryLimit(conn, undefined, async () => {
    await prepareFitTable(conn, {
      table: "_bench_fit",
      relation,
      asOf,
      maturityDays: 180,
      validation: "auto",
      testShare: 0.2,
      folds: 5,
      columns: inputs.map(inputColumn),
    });
    const encoding = await buildEncoding(conn, inputs, "_bench_fit", "TRUE");
    const read = await timed(() => loadPatterns(conn, encoding, "_bench_fit", args.mode === "patterns"));
    await exec(conn, "DROP TABLE _bench_fit");
    return { encoding, read };
  });
  const P = read.value;
  const design = await timed(() => patternDesign(encoding, P));
  const fit = await timed(() => fitLogistic(design.value, { y: P.conversions, trials: P.leads, C: BENCH_C }));
  await store.close();
  const leads = P.leads.reduce((s, v) => s + v, 0);
  if (args.dump) {
    dumpDesign(
      join(CACHE, `design-${args.size}`),
      P.codes,
      P.conversions,
      encoding.attributes.map((a) => a.levels.length),
      encoding.attributes.map((a) => a.reference),
      BENCH_C,
      1e-10,
    );
  }
  return {
    inputs: inputs.map((i) => i.name),
    columns: design.value.names.length,
    ...fitFigures(P.rows, leads, read, design, fit),
  };
}
