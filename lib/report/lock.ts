import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Runs `work` while holding a folder lock. Framework builds share one source root and one cache, so
 * two builds at once (two test files, two terminals) would overwrite each other's data files.
 * A lock older than `staleMs` is taken over: a killed build must not block the next forever.
 */
export async function withLock<T>(dir: string, work: () => Promise<T>, staleMs = 15 * 60_000): Promise<T> {
  const lock = join(dir, "leadlens-build.lock");
  mkdirSync(dir, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {
        // the other build released it between our two calls: try again
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  writeFileSync(join(lock, "pid"), String(process.pid));
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
