export type { Encoding, EncodedAttribute, EncodedLevel, EncodingOptions, AttributeSource } from "./types.ts";
export { categoricalLevels, mostCommon, type ValueCount } from "./levels.ts";
export { binConditions, monotoneEdges, numericLevels, type BinCount } from "./bins.ts";
export { informationValue } from "./iv.ts";
export {
  valueSql,
  encodeSql,
  patternQuery,
  leadsRelation,
  type Dialect,
  type PatternQueryOptions,
  type RelationOptions,
} from "./sql.ts";
export {
  resolveInputs,
  inputsFromList,
  addDrop,
  isInputRole,
  BUILT_INS,
  type InputSetting,
  type InputSpec,
} from "./inputs.ts";
export { buildEncoding, DEFAULT_ENCODING } from "./build.ts";
