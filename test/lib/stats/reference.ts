// Shared by the statistics tests: read the Python-computed fixtures in ../shared/reference.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { expect } from "vitest";

/** Absolute path of /work/shared/reference, found from this file (repo/test/lib/stats). */
export const referenceDir = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../../shared/reference");

const nonFinite: Record<string, number> = { Infinity: Infinity, "-Infinity": -Infinity, NaN: NaN };

/** A fixture JSON with "Infinity" / "-Infinity" / "NaN" strings turned back into numbers. */
export function readReference(relPath: string): any {
  return JSON.parse(readFileSync(resolve(referenceDir, relPath), "utf8"), (_k, v) =>
    typeof v === "string" && v in nonFinite ? nonFinite[v] : v,
  );
}

/** A fixture CSV as columns; numeric-looking columns parsed with Number (same doubles as Python). */
export function readCsv(relPath: string): Record<string, any[]> {
  const [header, ...lines] = readFileSync(resolve(referenceDir, relPath), "utf8").trim().split(/\r?\n/);
  const names = header.split(",");
  const cols: Record<string, any[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) line.split(",").forEach((v, i) => cols[names[i]].push(v));
  for (const n of names) if (cols[n].every((v) => v !== "" && !Number.isNaN(Number(v)))) cols[n] = cols[n].map(Number);
  return cols;
}

/** |got − ref| ≤ tol (non-finite values must be identical). */
export function expectAbs(got: number, ref: number, tol: number, what = ""): void {
  if (!Number.isFinite(ref)) return void expect(got, what).toBe(ref);
  if (!(Math.abs(got - ref) <= tol))
    expect.fail(`${what}: got ${got}, reference ${ref}, |diff| ${Math.abs(got - ref)} > ${tol}`);
}

/** |got − ref| ≤ tol·max(1, |ref|) — the README's "rel". */
export function expectRel(got: number, ref: number, tol: number, what = ""): void {
  if (!Number.isFinite(ref)) return void expect(got, what).toBe(ref);
  const bound = tol * Math.max(1, Math.abs(ref));
  if (!(Math.abs(got - ref) <= bound))
    expect.fail(`${what}: got ${got}, reference ${ref}, |diff| ${Math.abs(got - ref)} > ${bound}`);
}

/** Element-wise expectAbs / expectRel over arrays of equal length. */
export function expectAllClose(
  got: readonly number[],
  ref: readonly number[],
  tol: number,
  what = "",
  mode: "abs" | "rel" = "abs",
): void {
  expect(got.length, `${what} length`).toBe(ref.length);
  ref.forEach((r, i) => (mode === "abs" ? expectAbs : expectRel)(got[i], r, tol, `${what}[${i}]`));
}
