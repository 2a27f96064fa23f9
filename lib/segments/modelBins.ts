import type { DuckDBConnection } from "@duckdb/node-api";
import { one } from "../store/index.ts";
import type { Condition } from "../scorecard/index.ts";
import type { ModelArtifact } from "../model/artifact.ts";

/** The numeric bins of the newest model's encoding, by attribute name (empty when no model). */
export async function modelBins(
  conn: DuckDBConnection,
): Promise<{ modelId: string | null; bins: Map<string, Condition[]> }> {
  const row = await one<{ model_id: string; artifact: string }>(
    conn,
    "SELECT model_id, artifact FROM models ORDER BY created_at DESC LIMIT 1",
  );
  if (!row) return { modelId: null, bins: new Map() };
  let artifact: unknown;
  try {
    artifact = JSON.parse(row.artifact);
  } catch {
    return { modelId: null, bins: new Map() };
  }
  return { modelId: row.model_id, bins: binsFromArtifact(artifact) };
}

/**
 * Reads the numeric attributes' level conditions from a model artifact (lib/model/artifact.ts:
 * `attributes[]` with `kind: "numeric"` and `levels[].condition`), so segments use the
 * scorecard's bins. Attributes built in by the model (activity, created_month) are skipped.
 *
 * @example
 * binsFromArtifact({ attributes: [{ name: "visits", kind: "numeric", source: "column", levels: [{ condition: { kind: "range", max: 2, … } }, …] }] })
 * // → Map { "visits" → [{ kind: "range", max: 2, … }, …] }
 */
export function binsFromArtifact(artifact: unknown): Map<string, Condition[]> {
  const out = new Map<string, Condition[]>();
  const attrs = (artifact as Partial<ModelArtifact> | null)?.attributes;
  if (!Array.isArray(attrs)) return out;
  for (const a of attrs) {
    if (a?.kind !== "numeric" || (a.source && a.source !== "column") || !Array.isArray(a.levels)) continue;
    out.set(
      a.name,
      a.levels.map((l) => l.condition).filter((c): c is Condition => !!c && typeof c === "object" && "kind" in c),
    );
  }
  return out;
}
