import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { LoadedConfig } from "../config/load.ts";
import { fileSpecs } from "../config/load.ts";

/**
 * sha256 over the config text and the bytes of every input file. Null when a part is not a file
 * (PostgreSQL): its content cannot be hashed before reading, so such runs are never skipped as unchanged.
 */
export async function contentHash(loaded: LoadedConfig): Promise<string | null> {
  const h = createHash("sha256");
  h.update(loaded.text);
  for (const spec of fileSpecs(loaded.config)) {
    if (!spec.file || spec.postgres) return null;
    h.update(`\0${spec.file}\0`);
    try {
      for await (const chunk of createReadStream(spec.file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
    } catch {
      return null; // the reader reports unreadable files with a proper message
    }
  }
  return h.digest("hex");
}
