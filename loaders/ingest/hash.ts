import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { LoadedConfig } from "../config/load.ts";
import { fileSpecs } from "../config/load.ts";

/**
 * sha256 over the config text and the bytes of every input file. Null when a part is not a file
 * (PostgreSQL): its content cannot be hashed before reading, so such runs are never skipped as unchanged.
 */
export async function contentHash(loaded: LoadedConfig): Promise<string | null> {
  const h = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 20);
  h.update(loaded.text);
  for (const spec of fileSpecs(loaded.config)) {
    if (!spec.file || spec.postgres) return null;
    h.update(`\0${spec.file}\0`);
    try {
      // 1 MB reads into one reused buffer: cheaper than a stream's fresh buffer per chunk.
      const fh = await open(spec.file, "r");
      try {
        for (let n: number; (n = (await fh.read(buf, 0, buf.length, null)).bytesRead) > 0; ) h.update(buf.subarray(0, n));
      } finally {
        await fh.close();
      }
    } catch {
      return null; // the reader reports unreadable files with a proper message
    }
  }
  return h.digest("hex");
}
