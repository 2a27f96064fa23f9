import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * The temporary name a file is written under before {@link writeAtomically} renames it: beside
 * the final file (a rename stays on one file system, so it is atomic), hidden, with the process id.
 *
 * @example
 * temporaryPath("out/scores.csv") // → "out/.scores.csv.12345.tmp"
 */
export function temporaryPath(final: string): string {
  return join(dirname(final), `.${basename(final)}.${process.pid}.tmp`);
}

/**
 * Runs `write` on a temporary path beside `final`, then renames it to `final`. A reader (or a
 * crash, or a SIGKILL) sees either no file or the previous complete one under the final name,
 * never a half-written one. A failed `write` removes the temporary file.
 *
 * @example
 * await writeAtomically("scores.csv", (tmp) => exec(conn, `COPY scores TO '${tmp}' (FORMAT csv)`));
 */
export async function writeAtomically<T>(final: string, write: (tmp: string) => T | Promise<T>): Promise<T> {
  const tmp = temporaryPath(final);
  try {
    const result = await write(tmp);
    renameSync(tmp, final);
    return result;
  } catch (e) {
    rmSync(tmp, { force: true, recursive: true });
    throw e;
  }
}

/** {@link writeAtomically} for text or bytes already in memory. */
export function writeFileAtomic(final: string, data: string | Uint8Array): void {
  const tmp = temporaryPath(final);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, final);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
