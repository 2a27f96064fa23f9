export type * from "./types.ts";
export { loadConfig, parseConfig, fileSpecs, type LoadedConfig } from "./load.ts";
export { validateConfig } from "./validate.ts";
export { sourceConfig, ROLES, TYPES, RESERVED } from "./schema.ts";
