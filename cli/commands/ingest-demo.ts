import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import { loadConfig, type LoadedConfig } from "../../loaders/index.ts";
import { writeDemo, DEMO_FILES, DEMO_VERSION } from "../../loaders/demo/index.ts";
import { progress } from "../progress.ts";

function wholeNumber(flag: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1)
    throw new UserError(`--${flag}: expected a whole number of at least 1, got "${v}".`);
  return x;
}

/**
 * Writes (or reuses) the demo files in data/cache/demo-v<version>-<leads>-<seed>/ and loads their config
 * (the generator's version is in the folder name, so a newer generator never reuses stale files). The truth
 * JSON goes into `meta` as `demo_truth`, in the same transaction as the data.
 */
export async function prepareDemo(flags: {
  leads?: string;
  seed?: string;
}): Promise<{ loaded: LoadedConfig; meta: Record<string, string> }> {
  const leads = wholeNumber("leads", flags.leads, 50_000);
  const seed = wholeNumber("seed", flags.seed, 1);
  const dir = resolve("data/cache", `demo-v${DEMO_VERSION}-${leads}-${seed}`);
  const names: string[] = Object.values(DEMO_FILES);
  let configPath = join(dir, DEMO_FILES.config);
  let truthPath = join(dir, DEMO_FILES.truth);
  if (!names.every((f) => existsSync(join(dir, f)))) {
    const p = progress(`generating ${leads.toLocaleString("en-US")} demo leads (seed ${seed})`, {});
    ({ configPath, truthPath } = await writeDemo({ leads, seed, dir, onProgress: (d, t) => p.update(d, t) }));
    p.end();
  }
  return { loaded: loadConfig(configPath), meta: { demo_truth: readFileSync(truthPath, "utf8") } };
}
