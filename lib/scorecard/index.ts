export {
  type Condition,
  type OtherOptions,
  formatCondition,
  parseCondition,
  conditionToSql,
  matches,
  levelIndex,
  normalizeLevel,
  isMissing,
} from "./condition.ts";
