/** A piece of a page: its data, or a plain sentence saying why it is not shown. */
export type Part<T> = { available: true; data: T } | { available: false; reason: string };

/**
 * Runs `load` and wraps the result. A lib/ module that does not exist yet becomes "not built yet"
 * in words; any other failure is reported with its message (and on stderr, so the build log shows
 * it) instead of breaking the whole site.
 *
 * @example
 * await part("channel ROI", () => import(lib("roi")).then((m) => m.roiReport(conn)))
 * // → { available: false, reason: "The channel ROI analysis (lib/roi) is not built yet in this version." }
 */
export async function part<T>(what: string, load: () => Promise<T>): Promise<Part<T>> {
  try {
    return { available: true, data: await load() };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = err?.code === "ERR_MODULE_NOT_FOUND" || /Cannot find module/.test(String(err?.message));
    if (missing) {
      const mod = /lib\/([a-z]+)\//.exec(String(err.message))?.[1];
      return { available: false, reason: `The ${what} analysis${mod ? ` (lib/${mod})` : ""} is not built yet in this version.` };
    }
    const message = String(err?.message ?? e).split("\n")[0];
    process.stderr.write(`leadlens report: ${what}: ${message}\n`);
    return { available: false, reason: `The ${what} could not be computed from this data: ${message}` };
  }
}

/** URL of another lib/ concept's index, imported dynamically so the report builds while it is unbuilt. */
export function lib(concept: string): string {
  return new URL(`../../${concept}/index.ts`, import.meta.url).href;
}

/** A part that is known to be absent for a plain reason (e.g. "no spend data"). */
export function absent<T>(reason: string): Part<T> {
  return { available: false, reason };
}
