import { openStore, one } from "../../lib/store/index.ts";
import { fitModel } from "../../lib/model/fit.ts";
import { saveModel } from "../../lib/model/store.ts";
import { scoreLeads, scoringSql } from "../../lib/model/score.ts";
import { levelCodes } from "../../lib/model/levelSql.ts";
import { resolveAsOf } from "../../lib/model/split.ts";
import { storePath } from "../paths.ts";
import { timed } from "../timer.ts";

/**
 * The whole model step on the size's store, as `leadlens fit` + `leadlens score` run it: fitModel
 * (encoding, patterns, cross-validated penalty, calibration, held-out metrics), saved; then scoring in
 * DuckDB SQL, measured two ways:
 * - `score_sql`: the scoring SELECT alone (probability, points, grade; no reasons), evaluated in full
 *   by an aggregate over every scored lead — the engine's scoring throughput;
 * - `score_leads`: scoreLeads as the CLI runs it (with top reasons, INSERT into `scores`).
 */
export default async function modelStep(args: { size: string }) {
  const store = await openStore(storePath(args.size));
  const conn = store.conn;
  const fit = await timed(() => fitModel(conn));
  const model = fit.value;
  await saveModel(conn, model);
  const asOf = await resolveAsOf(conn);
  const sql = scoringSql(model, { asOf, reasons: false, codes: await levelCodes(conn, model) });
  const q = `SELECT count(*) AS n, sum(probability) AS p, sum(points) AS pts, count(grade) AS g FROM (${sql}) s`;
  await one(conn, q); // warm the file cache: the measured run is the engine, not the disk
  const scoreSql = await timed(() => one<{ n: number }>(conn, q));
  const scored = await timed(() => scoreLeads(conn, model));
  await store.close();
  const n = scoreSql.value?.n ?? 0;
  return {
    model_id: model.model_id,
    fit_s: fit.s,
    fit_cpu_s: fit.cpu_s,
    patterns: model.patterns,
    timings: model.timings,
    auc: model.metrics?.auc ?? null,
    leads_scored: n,
    score_sql_s: scoreSql.s,
    score_leads_per_s: n / scoreSql.s,
    score_insert_s: scored.s,
    score_insert_leads_per_s: scored.value.leads / scored.s,
  };
}
