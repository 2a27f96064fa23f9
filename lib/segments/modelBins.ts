import type { DuckDBConnection } from "@duckdb/node-api";
import { one } from "../store/index.ts";
import type { Condition } from "../scorecard/index.ts";
import type { EncodedAttribute } from "../features/types.ts";

/** The numeric bins of the newest model's encoding, by attribute name (empty when no model). */
export async function modelBins(conn: DuckDBConnection): Promise<{ modelId: string | null; bins: Map<string, Condition[]> }> {
  const row = await one<{ model_id: string; artifact: string }>(conn, "SELECT model_id, artifact FROM models ORDER BY created_at DESC LIMIT 1");
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
 * Reads the numeric attributes' level conditions from a model artifact: its `encoding.attributes`
 * (lib/features' Encoding) wherever it sits in the artifact, so segments use the scorecard's bins.
 *
 * @example
 * binsFromArtifact({ encoding: { attributes: [{ name: "visits", kind: "numeric", levels: [{ condition: { kind: "range", max: 2, … } }, …] }] } })
 * // → Map { "visits" → [{ kind: "range", max: 2, … }, …] }
 */
export function binsFromArtifact(artifact: unknown): Map<string, Condition[]> {
  const out = new Map<string, Condition[]>();
  const attrs = findAttributes(artifact, 0);
  for (const a of attrs ?? []) {
    if (a?.kind !== "numeric" || !Array.isArray(a.levels)) continue;
    out.set(a.name, a.levels.map((l) => l.condition).filter((c): c is Condition => !!c && typeof c === "object" && "kind" in c));
  }
  return out;
}

function findAttributes(x: unknown, depth: number): EncodedAttribute[] | null {
  if (!x || typeof x !== "object" || depth > 4) return null;
  const o = x as Record<string, unknown>;
  const enc = o["encoding"] as Record<string, unknown> | undefined;
  if (enc && Array.isArray(enc["attributes"])) return enc["attributes"] as EncodedAttribute[];
  for (const v of Object.values(o)) {
    const found = findAttributes(v, depth + 1);
    if (found) return found;
  }
  return null;
}
