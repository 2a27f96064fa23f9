export type * from "./types.ts";
export { loadConfig, parseConfig, fileSpecs, type LoadedConfig } from "./load.ts";
export { validateConfig, ROLES, TYPES, RESERVED } from "./validate.ts";
export { ConfigProblem } from "./schema.ts";
