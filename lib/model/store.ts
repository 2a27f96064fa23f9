import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../files/index.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { exec, one } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { FORMAT_VERSION, type ModelArtifact } from "./artifact.ts";

/** Stores the artifact in the `models` table (replacing a model with the same id). */
export async function saveModel(conn: DuckDBConnection, artifact: ModelArtifact): Promise<void> {
  await exec(conn, "DELETE FROM models WHERE model_id = $1", [artifact.model_id]);
  await exec(conn, "INSERT INTO models (model_id, created_at, artifact) VALUES ($1, CAST($2 AS TIMESTAMP), $3)", [
    artifact.model_id,
    artifact.created_at.replace("T", " ").replace("Z", ""),
    JSON.stringify(artifact),
  ]);
}

/** Checks a parsed artifact's format version and shape. */
export function checkArtifact(raw: unknown, where: string): ModelArtifact {
  const a = raw as Partial<ModelArtifact>;
  if (
    !a ||
    typeof a !== "object" ||
    typeof a.format_version !== "number" ||
    !Array.isArray(a.attributes) ||
    !a.model_id
  ) {
    throw new UserError(
      `${where}: not a leadlens model (expected a JSON object with format_version, model_id and attributes, as written by \`leadlens fit --out\`).`,
    );
  }
  if (a.format_version > FORMAT_VERSION) {
    throw new UserError(
      `${where}: model format version ${a.format_version} is newer than this leadlens reads (${FORMAT_VERSION}). Upgrade leadlens.`,
    );
  }
  return a as ModelArtifact;
}

/**
 * The model with `modelId`, or the newest model in the store. UserError when there is none.
 */
export async function loadModel(conn: DuckDBConnection, modelId?: string): Promise<ModelArtifact> {
  const row = modelId
    ? await one<{ artifact: string }>(conn, "SELECT artifact FROM models WHERE model_id = $1", [modelId])
    : await one<{ artifact: string }>(
        conn,
        "SELECT artifact FROM models ORDER BY created_at DESC, model_id DESC LIMIT 1",
      );
  if (!row) {
    throw new UserError(
      modelId
        ? `No model ${modelId} in the database. List them with SELECT model_id FROM models.`
        : "No model in the database yet. Run `leadlens fit` first (or pass --model FILE).",
    );
  }
  return checkArtifact(JSON.parse(row.artifact), modelId ? `model ${modelId}` : "the latest model");
}

/** Reads a model JSON file written by `leadlens fit --out`. */
export function readModelFile(file: string): ModelArtifact {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UserError(`Cannot read the model file ${file}: it does not exist or is not readable.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not valid JSON (expected a model written by \`leadlens fit --out\`).`);
  }
  return checkArtifact(raw, file);
}

/** Writes the artifact as pretty JSON, atomically: a `score` reading it never sees half a model. */
export function writeModelFile(file: string, artifact: ModelArtifact): void {
  writeFileAtomic(file, `${JSON.stringify(artifact, null, 2)}\n`);
}
