import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../errors/UserError.ts";

/**
 * Refuses, before any work, an output folder that is not empty and does not hold a previous
 * leadlens report: a build replaces the whole folder, and must never delete someone's files.
 */
export function checkOutput(out: string, given: string): void {
  if (!existsSync(out) || readdirSync(out).length === 0) return;
  if (!existsSync(join(out, "index.html")) || !existsSync(join(out, "_observablehq"))) {
    throw new UserError(
      `--out ${given} is a folder that is not empty and does not hold a previous leadlens report; choose an empty or new folder.`,
    );
  }
}

/**
 * A new empty folder beside `out` (same file system, so the swap is a rename) for a build to
 * write into. The published site in `out` stays as it is until {@link swapIn}. Made by mkdir, not
 * mkdtemp: mkdtemp's mode 0700 would become --out's after the swap, and a web server running as
 * another user would get 403 on the whole site.
 *
 * @example
 * stagingFolder("/srv/dist") // → "/srv/.dist.building-a1B2c3"
 */
export function stagingFolder(out: string): string {
  mkdirSync(dirname(out), { recursive: true });
  const staging = join(dirname(out), `.${basename(out)}.building-${randomBytes(6).toString("hex")}`);
  mkdirSync(staging); // 0o777 & ~umask, as any folder; fails (EEXIST) rather than reuse one
  return staging;
}

/**
 * Puts the finished build `staging` in place of `out`: the old site is renamed aside, the new one
 * renamed in, then the old one deleted. A reader sees the old site or the new one (for the
 * instant between the renames, none), never a half-built or emptied one.
 */
export function swapIn(staging: string, out: string): void {
  const old = existsSync(out) ? `${staging}.old` : undefined;
  if (old) renameSync(out, old);
  try {
    renameSync(staging, out);
  } catch (e) {
    if (old) renameSync(old, out);
    throw e;
  }
  if (old) rmSync(old, { recursive: true, force: true });
}

/** Deletes a staging folder after a failed build; the published site is untouched. */
export function dropStaging(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}
