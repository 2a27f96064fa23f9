import { open } from "node:fs/promises";
import { isAscii } from "node:buffer";

/**
 * The characters DuckDB's `trim()` removes, as UTF-8: the ASCII space and the Unicode space
 * separators (U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000). Tab, CR and LF are kept.
 * test/loaders/padding.test.ts checks this list against DuckDB itself, code point by code point.
 */
export const TRIMMED = [
  0x20,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x202f,
  0x205f,
  0x3000,
];
const WIDE = TRIMMED.filter((c) => c > 0x7f).map((c) => Buffer.from(String.fromCodePoint(c), "utf8"));

/**
 * Whether some value of a delimited text file may start or end with a character `trim()` removes.
 * False means trimming every value is a no-op, so the ingest can skip it (it is the dearest part of
 * cleaning: DuckDB decodes every character of every value to find the end).
 *
 * Conservative and cheap: a value can only start or end with a space when a space touches a field
 * boundary (the delimiter, the quote, a line break, the start or end of the file), and with a Unicode
 * space only when the file holds one at all. Each 1 MB chunk costs one native search when it has no
 * space byte (a few when it has, e.g. "North America"), plus a check for non-ASCII bytes.
 *
 * @example
 * await mayBePadded("leads.csv", ",", '"') // → false for "id,name\nL1,Ann Lee\n"; true for "id,name\nL1, Ann\n"
 */
export async function mayBePadded(path: string, delimiter: string, quote: string): Promise<boolean> {
  const scan = paddingScanner(delimiter, quote);
  const buf = Buffer.allocUnsafe(1 << 20);
  const fh = await open(path, "r");
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      if (scan.push(buf.subarray(0, bytesRead))) return true;
    }
  } finally {
    await fh.close();
  }
  return scan.end();
}

/**
 * One pass over a delimited text file answering two questions for the ingest: may a value be padded
 * ({@link mayBePadded}), and may a value hold a NUL byte or a U+FEFF (the bytes EF BB BF anywhere but
 * at the file's start, where they are its BOM)? The second is a native byte search per 1 MB chunk;
 * when it finds neither, the per-value checks for them are skipped (part.ts parseProblems).
 */
export async function scanText(
  path: string,
  delimiter: string,
  quote: string,
): Promise<{ padded: boolean; badText: boolean }> {
  const scan = paddingScanner(delimiter, quote);
  const buf = Buffer.allocUnsafe(1 << 20);
  let [padded, badText, first] = [false, false, true];
  let tail = Buffer.alloc(0); // the previous chunk's last 2 bytes: a BOM may straddle two chunks
  const fh = await open(path, "r");
  try {
    while (!badText) {
      const n = (await fh.read(buf, 0, buf.length, null)).bytesRead;
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      if (!padded) padded = scan.push(chunk);
      const from = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
      badText =
        chunk.indexOf(0) >= 0 ||
        chunk.indexOf(BOM, from) >= 0 ||
        (tail.length > 0 && Buffer.concat([tail, chunk.subarray(0, 2)]).indexOf(BOM) >= 0);
      tail = Buffer.from(chunk.subarray(-2));
      first = false;
    }
  } finally {
    await fh.close();
  }
  // Stopped early on bad text: padding is then assumed (trim() runs where it could change a value).
  return { padded: badText || padded || scan.end(), badText };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The incremental check behind {@link mayBePadded}: `push` each chunk of the file in order (true as soon
 * as padding is possible; the chunk may be reused afterwards), then `end`.
 */
export function paddingScanner(delimiter: string, quote: string) {
  const edges = new Set([0x0a, 0x0d, ...Buffer.from(delimiter, "utf8"), ...Buffer.from(quote, "utf8")]);
  const pairs = [...edges].flatMap((e) => [Buffer.from([e, 0x20]), Buffer.from([0x20, e])]);
  const padded = (buf: Buffer): boolean => {
    if (buf.indexOf(0x20) >= 0 && pairs.some((p) => buf.indexOf(p) >= 0)) return true;
    return !isAscii(buf) && WIDE.some((w) => buf.indexOf(w) >= 0);
  };
  // The file starts and ends at a field boundary: scanning starts after a virtual line break (and after
  // the BOM, which DuckDB drops) and ends with one. The seam between two chunks is checked on its own
  // (the last 2 bytes of one and the first 2 of the next), so a pattern (at most 3 bytes) split across
  // chunks is still found, without copying the chunks.
  let tail = Buffer.from("\n");
  let head: Buffer | null = Buffer.alloc(0); // the file's first bytes, until it is known whether they are a BOM
  const next = (chunk: Buffer): boolean => {
    if (!chunk.length) return false;
    if (padded(Buffer.concat([tail, chunk.subarray(0, 2)])) || padded(chunk)) return true;
    tail = Buffer.from((chunk.length >= 2 ? chunk : Buffer.concat([tail, chunk])).subarray(-2));
    return false;
  };
  const bom = (b: Buffer) => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b);
  return {
    push(chunk: Buffer): boolean {
      if (head) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 3) return false;
        [chunk, head] = [bom(head), null];
      }
      return next(chunk);
    },
    end(): boolean {
      if (head && next(head)) return true;
      return padded(Buffer.concat([tail, Buffer.from("\n")]));
    },
  };
}
