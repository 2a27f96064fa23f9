import type { PlattModel } from "./fitPlatt.ts";

/**
 * Calibrated probability 1 / (1 + exp(a·f + b)) for one score or an array of scores.
 *
 * @example
 * applyPlatt({ a: -3.5388, b: 2.1283 }, 0.5)    // → 0.4112258709788032
 * applyPlatt({ a: -3.5388, b: 2.1283 }, [0, 1]) // → [0.1063764864707439, 0.8038447947821755]
 */
export function applyPlatt(model: PlattModel, f: number): number;
export function applyPlatt(model: PlattModel, f: ArrayLike<number>): number[];
export function applyPlatt(model: PlattModel, f: number | ArrayLike<number>): number | number[] {
  const one = (x: number) => {
    const z = model.a * x + model.b;
    // Written per sign of z so exp never overflows.
    return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
  };
  return typeof f === "number" ? one(f) : Array.from(f, one);
}
