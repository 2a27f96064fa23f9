import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder (holding package.json, observablehq.config.ts and src/). */
export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The Framework source root: pages, components and data loaders. */
export const SITE_ROOT = join(PROJECT_DIR, "src");

/** Default output folder of `leadlens report build`. */
export const DEFAULT_OUT = "dist";

/** Default minimum number of leads a published cell must hold. */
export const DEFAULT_MIN_CELL = 10;
