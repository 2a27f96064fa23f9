/**
 * leadlens: the public library API. One folder per concept; each re-exports its public functions
 * and types here. See docs/architecture.md.
 */
export * from "./store/index.ts";
export * from "./stats/index.ts";
export * from "./survival/index.ts";
export * from "./metrics/index.ts";
export * from "./calibration/index.ts";
export * from "./drift/index.ts";
export * from "./logistic/index.ts";
export * from "./features/index.ts";
export * from "./model/index.ts";
export * from "./scorecard/index.ts";
export * from "./explain/index.ts";
export * from "./qualify/index.ts";
export * from "./funnel/index.ts";
export * from "./rates/index.ts";
export * from "./segments/index.ts";
export * from "./roi/index.ts";
export * from "./report/index.ts";
export * from "./csv/index.ts";
export * from "./files/index.ts";
export { UserError, isUserError } from "./errors/UserError.ts";
