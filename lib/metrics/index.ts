export { auc } from "./auc.ts";
export { delong, type DelongOptions, type DelongResult } from "./delong.ts";
export { averagePrecision } from "./averagePrecision.ts";
export { brier } from "./brier.ts";
export { logLoss } from "./logLoss.ts";
export { ks, type KsResult } from "./ks.ts";
export { gainsTable, type GainsRow, type GainsOptions } from "./gainsTable.ts";
export { rocCurve, type RocCurve } from "./rocCurve.ts";
export { scoreBlocks, checkInputs, type ScoreBlock } from "./scoreBlocks.ts";
