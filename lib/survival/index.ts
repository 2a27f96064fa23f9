export { kaplanMeierFromCounts, type KaplanMeier, type SurvivalCountRow } from "./kaplanMeierFromCounts.ts";
export { kaplanMeier, type KaplanMeierOptions } from "./kaplanMeier.ts";
export { survivalAt, type SurvivalAtOptions } from "./survivalAt.ts";
export { kmQuantile } from "./kmQuantile.ts";
export { kmQuantileCI, type QuantileCIMethod, type QuantileCIOptions } from "./kmQuantileCI.ts";
export { rmst, type RestrictedMean } from "./rmst.ts";
export {
  cumulativeIncidenceFromCounts,
  type CumulativeIncidence,
  type CompetingCountRow,
} from "./cumulativeIncidence.ts";
export { incidenceAt, type IncidenceAt } from "./incidenceAt.ts";
