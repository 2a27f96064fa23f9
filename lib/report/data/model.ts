import type { DuckDBConnection } from "@duckdb/node-api";
import { one } from "../../store/index.ts";
import { loadModel, type ModelArtifact } from "../../model/index.ts";

/** The newest fitted model (lib/model `loadModel`), or undefined when none was fitted yet. */
export async function latestModel(conn: DuckDBConnection): Promise<ModelArtifact | undefined> {
  const r = await one<{ n: number }>(conn, "SELECT count(*) AS n FROM models");
  return r?.n ? loadModel(conn) : undefined;
}

/** Held-out AUC with its interval, calibration error and sizes, as the Overview shows them. */
export function modelHeadline(m: ModelArtifact) {
  const h = m.metrics;
  return {
    model_id: m.model_id,
    auc: h.auc ?? null,
    auc_ci: h.auc_ci ?? null,
    ece: h.ece ?? null,
    n: h.n_test ?? null,
    conversions: h.conversions_test ?? null,
  };
}

/**
 * A fit warning as the site may publish it: lead counts that are not cells of any suppressed table
 * are taken out (an open-record artifact keeps its finding, not its counts), and the decision
 * moment's count of left-out leads reads "fewer than k" under k.
 *
 * @example
 * publishedWarning("Open-record artifact: sector is blank on 1,425 leads, 1,412 of them open (20.1% of all leads are open): probably …", 10)
 * // → "Open-record artifact: sector is blank mostly on open leads, while most leads are decided: probably …"
 */
export function publishedWarning(w: string, minCell: number): string {
  const artifact =
    /^Open-record artifact: (\S+) is (blank|"[^"]*") on [\d,]+ leads, [\d,]+ of them open \([\d.]+% of all leads are open\): /;
  if (artifact.test(w))
    return w.replace(artifact, "Open-record artifact: $1 is $2 mostly on open leads, while most leads are decided: ");
  return w.replace(/(behaviour counts up to it, and )([\d,]+)( leads decided before it)/, (all, a, n: string, b) =>
    Number(n.replaceAll(",", "")) < minCell ? `${a}fewer than ${minCell}${b}` : all,
  );
}
