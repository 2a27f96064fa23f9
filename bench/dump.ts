import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes a categorical design for bench/sklearn_fit.py: codes attribute-major (Int32), outcomes (UInt8),
 * and meta.json with the level counts and reference levels (the same coding as lib/model's patternDesign).
 */
export function dumpDesign(
  dir: string,
  codes: Int32Array[],
  y: ArrayLike<number>,
  levels: number[],
  reference: number[],
  C: number,
  tightTol?: number,
): void {
  mkdirSync(dir, { recursive: true });
  const n = y.length;
  const all = new Int32Array(codes.length * n);
  codes.forEach((c, j) => {
    all.set(c, j * n);
  });
  writeFileSync(join(dir, "codes.i32"), new Uint8Array(all.buffer));
  writeFileSync(join(dir, "y.u8"), Uint8Array.from(y as ArrayLike<number>));
  writeFileSync(
    join(dir, "meta.json"),
    JSON.stringify({ rows: n, attrs: codes.length, levels, reference, C, tight_tol: tightTol ?? null }),
  );
}
