import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, type Store } from "../../../lib/store/index.ts";
import { ingest, loadPreset } from "../../../loaders/index.ts";
import { fitModel, saveModel, type ModelArtifact } from "../../../lib/model/index.ts";

/** The repository root and the shared real data (../shared/data from the root). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const SHARED = resolve(ROOT, "../shared/data");
export const EXAMPLES = join(ROOT, "data/examples");

/** A fresh store holding a real dataset loaded with its preset, and a model fitted on it (one penalty, Platt: fast). */
export async function realStore(
  dataset: "x-education" | "olist",
): Promise<{ store: Store; model: ModelArtifact; path: string }> {
  const path = join(mkdtempSync(join(tmpdir(), `leadlens-${dataset}-`)), "store.duckdb");
  const store = await openStore(path);
  const preset =
    dataset === "olist"
      ? loadPreset("olist", { dir: join(SHARED, "olist-marketing-funnel") })
      : loadPreset("x-education", { file: join(SHARED, "x-education-leads/Leads.csv") });
  await ingest(store.conn, preset);
  const model = await fitModel(store.conn, { penalty_grid: [1], calibration: "platt" });
  await saveModel(store.conn, model);
  return { store, model, path };
}
