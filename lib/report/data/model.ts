import type { DuckDBConnection } from "@duckdb/node-api";
import { one } from "../../store/index.ts";

/** The newest fitted model artifact (parsed JSON), or undefined when none was fitted. */
export async function latestModel(conn: DuckDBConnection): Promise<Record<string, any> | undefined> {
  const r = await one<{ artifact: string }>(conn, "SELECT artifact FROM models ORDER BY created_at DESC LIMIT 1");
  return r ? JSON.parse(r.artifact) : undefined;
}

/** Finds the first present key among several spellings, searching nested objects one level deep. */
export function pick(obj: Record<string, any> | undefined, ...keys: string[]): any {
  if (!obj) return undefined;
  for (const k of keys) if (obj[k] !== undefined) return obj[k];
  for (const v of Object.values(obj)) {
    if (v && typeof v === "object" && !Array.isArray(v)) for (const k of keys) if (v[k] !== undefined) return v[k];
  }
  return undefined;
}

/** Held-out AUC with its interval, calibration error and sizes, as the Overview shows them. */
export function modelHeadline(m: Record<string, any>) {
  const held = pick(m, "holdout", "held_out", "validation", "metrics") ?? m;
  const auc = pick(held, "auc");
  const ci = pick(held, "auc_ci", "aucCi");
  return {
    model_id: pick(m, "model_id", "id") ?? null,
    auc: typeof auc === "object" && auc ? (auc.value ?? auc.auc ?? null) : (auc ?? null),
    auc_ci: Array.isArray(ci) ? ci : typeof auc === "object" && auc ? [auc.low ?? auc.ci_low, auc.high ?? auc.ci_high] : null,
    ece: pick(held, "ece", "expected_calibration_error") ?? null,
    n: pick(held, "n_test", "n", "leads") ?? null,
    conversions: pick(held, "conversions_test") ?? null,
  };
}
