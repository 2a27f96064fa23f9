import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * The temporary name a file is written under before {@link writeAtomically} renames it: beside
 * the final file (a rename stays on one file system, so it is atomic), hidden, with the process id
 * and a random suffix (two writes to one file in one process must not share a temporary file).
 *
 * @example
 * temporaryPath("out/scores.csv") // → "out/.scores.csv.12345.9f2c41d0.tmp"
 */
export function temporaryPath(final: string): string {
  return join(dirname(final), `.${basename(final)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Runs `write` on a temporary path beside `final`, flushes it to disk, then renames it to `final`
 * and flushes the folder. A reader (or a crash, a SIGKILL, a power cut) sees either no file or the
 * previous complete one under the final name, never a half-written one: without the fsync before
 * the rename, ext4 or xfs can show the new name holding an empty file after a power cut. A failed
 * `write` removes the temporary file.
 *
 * @example
 * await writeAtomically("scores.csv", (tmp) => exec(conn, `COPY scores TO '${tmp}' (FORMAT csv)`));
 */
export async function writeAtomically<T>(final: string, write: (tmp: string) => T | Promise<T>): Promise<T> {
  const tmp = temporaryPath(final);
  try {
    const result = await write(tmp);
    commit(tmp, final);
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
    commit(tmp, final);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** fsync `tmp`, rename it to `final`, fsync the folder (so the rename itself survives a crash). */
function commit(tmp: string, final: string): void {
  fsync(tmp);
  renameSync(tmp, final);
  try {
    fsync(dirname(final));
  } catch {
    // Some platforms (Windows) cannot open a folder to sync it; the file itself is on disk already.
  }
}

function fsync(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
