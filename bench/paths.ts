import { join } from "node:path";
import { ROOT } from "./child.ts";

/** Bench sizes by name. */
export const SIZES: Record<string, number> = { "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000 };

/** Everything generated lives under bench/cache (git-ignored) and is reused between runs. */
export const CACHE = join(ROOT, "bench", "cache");

/** The demo data of a size (written once by writeDemo). */
export const demoDir = (size: string) => join(CACHE, `demo-${size}`);

/** The leadlens store built from a size's demo data. */
export const storePath = (size: string) => join(CACHE, `store-${size}.duckdb`);

/** Fixed seed: the same files every run. */
export const SEED = 20260601;
