import { closeSync, openSync, readSync } from "node:fs";

const CANDIDATES = [",", ";", "\t", "|"];

/**
 * Splits one CSV line into fields, honouring the quote character (a doubled quote inside quotes is a
 * literal quote).
 *
 * @example
 * splitLine('a;"b;c";"say ""hi"""', ";", '"') // → ["a", "b;c", 'say "hi"']
 */
export function splitLine(line: string, delimiter: string, quote: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === quote && line[i + 1] === quote) {
        cur += quote;
        i++;
      } else if (ch === quote) quoted = false;
      else cur += ch;
    } else if (ch === quote) quoted = true;
    else if (line.startsWith(delimiter, i)) {
      out.push(cur);
      cur = "";
      i += delimiter.length - 1;
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The delimiter a header line uses: the candidate (`,` `;` tab `|`) splitting it into the most fields.
 *
 * @example
 * guessDelimiter("Record ID;Create Date;Original Source", '"') // → ";"
 */
export function guessDelimiter(line: string, quote: string): string {
  let best = ",";
  let most = 1;
  for (const d of CANDIDATES) {
    const n = splitLine(line, d, quote).length;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/** The first line of a file (BOM and line ending removed), read from its first 1 MB. */
export function firstLine(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(1 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf
      .subarray(0, n)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    const end = text.search(/\r?\n/);
    return end < 0 ? text : text.slice(0, end);
  } finally {
    closeSync(fd);
  }
}

/** Column names for the reader: the header's names (blank → column<i>, repeats → name_2), or column0… */
export function columnNames(fields: string[], header: boolean): string[] {
  if (!header) return fields.map((_, i) => `column${i}`);
  const seen = new Map<string, number>();
  return fields.map((f, i) => {
    const name = f.trim() === "" ? `column${i}` : f;
    const k = (seen.get(name) ?? 0) + 1;
    seen.set(name, k);
    return k === 1 ? name : `${name}_${k}`;
  });
}
