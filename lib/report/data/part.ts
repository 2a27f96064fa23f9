/** A piece of a page: its data, or a plain sentence saying why it is not shown. */
export type Part<T> = { available: true; data: T } | { available: false; reason: string };

/**
 * Runs `load` and wraps the result. A failure is reported with its message (and on stderr, so the
 * build log shows it) instead of breaking the whole site: the page then says in words why that part
 * is not shown.
 *
 * @example
 * await part("channel ROI", () => roiReport(conn))
 * // → { available: false, reason: "The channel ROI could not be computed from this data: …" }
 */
export async function part<T>(what: string, load: () => Promise<T>): Promise<Part<T>> {
  try {
    return { available: true, data: await load() };
  } catch (e) {
    const message = String((e as Error)?.message ?? e).split("\n")[0];
    process.stderr.write(`leadlens report: ${what}: ${message}\n`);
    return { available: false, reason: `The ${what} could not be computed from this data: ${withoutPaths(message)}` };
  }
}

/** A part that is known to be absent for a plain reason (e.g. "no spend data"). */
export function absent<T>(reason: string): Part<T> {
  return { available: false, reason };
}

/**
 * Replaces absolute paths in a published sentence with their file names: an error message may name
 * a file on the machine that built the report (its folders are not the reader's business).
 *
 * @example
 * withoutPaths("Cannot read /home/ana/crm/rules.yml: no such file") // → "Cannot read rules.yml: no such file"
 */
export function withoutPaths(text: string): string {
  return text.replace(/(^|[\s"'`(=,:])(?:[A-Za-z]:)?[\\/](?:[^\s"'`)\\/,:;]+[\\/])+([^\s"'`)\\/,:;]*)/g, "$1$2");
}
