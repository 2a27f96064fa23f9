import { createHash } from "node:crypto";
import { isUserError } from "../../lib/errors/UserError.ts";
import { open } from "node:fs/promises";
import type { LoadedConfig } from "../config/load.ts";
import { fileSpecs } from "../config/load.ts";
import { regularFile } from "./read-file.ts";

/**
 * sha256 over the config text and the bytes of every input file. Null when a part is not a file
 * (PostgreSQL): its content cannot be hashed before reading, so such runs are never skipped as unchanged.
 */
export async function contentHash(loaded: LoadedConfig): Promise<string | null> {
  const h = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 20);
  h.update(loaded.text);
  const c = loaded.config;
  const part = (spec: object) =>
    spec === c.leads
      ? "leads"
      : spec === c.outcome
        ? "outcome"
        : spec === c.stages?.long
          ? "stages.long"
          : spec === c.activities
            ? "activities"
            : "spend";
  for (const spec of fileSpecs(c)) {
    if (!spec.file || spec.postgres) return null;
    h.update(`\0${spec.file}\0`);
    try {
      regularFile(spec.file, part(spec)); // before opening: a named pipe or /dev/zero would never let the hash finish
      // 1 MB reads into one reused buffer: cheaper than a stream's fresh buffer per chunk.
      const fh = await open(spec.file, "r");
      try {
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, null);
          if (bytesRead === 0) break;
          h.update(buf.subarray(0, bytesRead));
        }
      } finally {
        await fh.close();
      }
    } catch (e) {
      if (isUserError(e)) throw e;
      return null; // the reader reports unreadable files with a proper message
    }
  }
  return h.digest("hex");
}
