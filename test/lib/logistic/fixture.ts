import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/** ../shared/reference relative to the repo root. */
export const referenceDir = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../../shared/reference");

/** Reads a reference CSV into columns (numbers where every value parses, else strings). */
export function readCsv(rel: string): Record<string, Array<number | string>> {
  const [head, ...lines] = readFileSync(resolve(referenceDir, rel), "utf8").trim().split(/\r?\n/);
  const names = head.split(",");
  const cols: Record<string, Array<number | string>> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) {
    line.split(",").forEach((v, j) => cols[names[j]].push(v));
  }
  for (const n of names) {
    if (cols[n].every((v) => v !== "" && !Number.isNaN(Number(v)))) cols[n] = cols[n].map(Number);
  }
  return cols;
}

export function readJson(rel: string): any {
  return JSON.parse(readFileSync(resolve(referenceDir, rel), "utf8"));
}

/** |got − ref| ≤ tol·max(1, |ref|), elementwise, with a readable failure. */
export function expectRel(got: ArrayLike<number>, ref: ArrayLike<number>, tol: number, what: string): void {
  if (got.length !== ref.length) throw new Error(`${what}: length ${got.length} vs ${ref.length}`);
  for (let i = 0; i < ref.length; i++) {
    const bound = tol * Math.max(1, Math.abs(ref[i]));
    if (!(Math.abs(got[i] - ref[i]) <= bound)) {
      throw new Error(`${what}[${i}]: got ${got[i]}, expected ${ref[i]} (tolerance ${bound})`);
    }
  }
}
