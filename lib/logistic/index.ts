export { type Design, denseDesign, oneHotDesign, width, rowEntries, maxRowEntries, linearPredictor } from "./design.ts";
export { fitLogistic, expit, softplus, type FitOptions, type LogisticFit } from "./fit.ts";
export { predictProbability } from "./predict.ts";
export { cholesky, choleskySolve, choleskyInverse } from "./cholesky.ts";
export { erfc, twoSidedNormalP } from "./normal.ts";
