// The lib/ code the Tune page runs in the browser, bundled by `leadlens report build` into
// src/components/leadlens.generated.js: the same functions Node uses, not a re-implementation.
export { auc } from "../metrics/auc.ts";
export { wilson } from "../stats/wilson.ts";
export { toCsv } from "../scorecard/io.ts";
export {
  tuneSummary,
  tuneGains,
  patternPoints,
  type TunePattern,
  type TuneSummary,
  type GainsPoint,
} from "./tune/summary.ts";
