// The whole body of a site data loader, in plain JavaScript so Framework runs it with `node` (no
// TypeScript start-up): print the file `leadlens report build` precomputed (LEADLENS_PAGE_CACHE),
// else register tsx and compute it with lib/ (e.g. under `observable preview`).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Prints one data file of the site.
 * @param {string} file e.g. "overview.json" or "explore/monthly.csv"
 */
export async function emitData(file) {
  const dir = process.env.LEADLENS_PAGE_CACHE;
  if (dir && existsSync(join(dir, file))) {
    process.stdout.write(readFileSync(join(dir, file)));
    return;
  }
  const { register } = await import("tsx/esm/api");
  register();
  const { computeFile } = await import("./compute.ts");
  process.stdout.write(await computeFile(file));
}
