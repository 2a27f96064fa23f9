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
