import { type Design, linearPredictor } from "./design.ts";
import { expit } from "./fit.ts";

/**
 * Predicted probability for every row of a design.
 *
 * @example
 * predictProbability(denseDesign({ x: [0] }), [0, 1]); // → Float64Array [0.5]
 */
export function predictProbability(design: Design, coef: ArrayLike<number>): Float64Array {
  return linearPredictor(design, coef).map(expit);
}
