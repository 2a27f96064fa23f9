export { parseRateBasis, describeRateBasis, DEFAULT_MATURITY_DAYS, type RateBasis } from "./basis.ts";
export { rateOnBasis, type BasisRate, type LeadTimeCount, type ResolvedBasis } from "./rate.ts";
export { horizonFromWins } from "./horizon.ts";
export { leadTimesSql, type LeadTimesOptions } from "./leadTimes.ts";
export { opennessArtifact, type OpenCount } from "./openness.ts";
