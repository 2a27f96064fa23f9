export { fitPlatt, type PlattModel } from "./fitPlatt.ts";
export { applyPlatt } from "./applyPlatt.ts";
export { fitIsotonic, type IsotonicModel } from "./fitIsotonic.ts";
export { applyIsotonic } from "./applyIsotonic.ts";
export { reliabilityTable, type ReliabilityRow, type ReliabilityOptions } from "./reliabilityTable.ts";
export { ece, type EceBin, type EceOptions } from "./ece.ts";
export { binEdges, rightClosedBin } from "./binEdges.ts";
