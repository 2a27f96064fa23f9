import { isUserError } from "../../errors/UserError.ts";

/** A piece of a page: its data, or a plain sentence saying why it is not shown. */
export type Part<T> = { available: true; data: T } | { available: false; reason: string };

/**
 * Runs `load` and wraps the result. A failure does not break the whole site: its message goes to
 * stderr (the build log) and the page says that part is not shown. Only a UserError's message (written
 * for the reader) is published, without folders; any other error may quote data values (DuckDB's
 * "Could not convert string 'ana@x.com'…"), so the page gets a generic sentence.
 *
 * @example
 * await part("channel ROI", () => roiReport(conn))
 * // → { available: false, reason: "The channel ROI could not be computed (see the build log)." }
 */
export async function part<T>(what: string, load: () => Promise<T>): Promise<Part<T>> {
  try {
    return { available: true, data: await load() };
  } catch (e) {
    const message = String((e as Error)?.message ?? e).split("\n")[0];
    process.stderr.write(`leadlens report: ${what}: ${message}\n`);
    if (!isUserError(e)) return { available: false, reason: `The ${what} could not be computed (see the build log).` };
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
 * withoutPaths("Cannot read /home/ana/My Files/x.csv") // → "Cannot read x.csv"
 */
export function withoutPaths(text: string): string {
  // A folder name may hold spaces (it ends at the next slash); the file name ends at a space. Text
  // between two paths can be taken for a folder and dropped too: too much removed, never a folder kept.
  return text.replace(/(^|[\s"'`(=,:])(?:[A-Za-z]:)?[\\/](?:[^\n"'`)\\/,:;]+[\\/])+([^\s"'`)\\/,:;]*)/g, "$1$2");
}
