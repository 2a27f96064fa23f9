import { readFileSync, statSync } from "node:fs";
import { UserError } from "../errors/UserError.ts";

/** Config files are small: anything larger is not one (and would be read whole into memory). */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * Reads a config file (source config, scoring.yml, a points table, rules, a framework) as text.
 * The path is checked before it is opened: a pipe, a device (`/dev/zero`) or a folder would block
 * or never end, so each is a UserError naming the file, as is a missing or unreadable one.
 *
 * @example
 * readConfigText("scoring.yml", "scoring config") // → "maturity_days: 120\n"
 * readConfigText("/dev/zero", "source config")    // throws: Cannot read the source config /dev/zero: expected a regular file, got a device.
 */
export function readConfigText(path: string, what: string): string {
  const fail = (why: string) => new UserError(`Cannot read the ${what} ${path}: ${why}.`);
  let size: number;
  try {
    const s = statSync(path);
    if (!s.isFile())
      throw fail(
        `expected a regular file, got ${s.isDirectory() ? "a folder" : s.isFIFO() ? "a named pipe" : "a device or other special file"}`,
      );
    size = s.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message);
  }
  if (size > MAX_CONFIG_BYTES) throw fail(`${(size / 1e6).toFixed(0)} MB is far too large for a config file`);
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw fail((e as Error).message);
  }
}
