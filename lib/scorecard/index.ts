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
  forType,
} from "./condition.ts";
export {
  type ScalingOptions,
  type Scaling,
  scaling,
  parseOdds,
  pointsToLogOdds,
  logOddsToPoints,
  sigmoid,
} from "./scale.ts";
export type { Rubric, RubricAttribute, RubricLevel, ScorecardModel, Scorecard } from "./types.ts";
export { scorecard, type ScorecardOptions } from "./scorecard.ts";
export {
  type Lead,
  type AttributePoints,
  type ColumnsSql,
  attributePoints,
  coveringLevels,
  rubricScore,
  rubricScoreSql,
  attributePointsSql,
  axisPointsSql,
  axisPoints,
  onAxis,
} from "./score.ts";
export { type PointsRow, type PointsTableOptions, pointsTable, calibratedPointsTable, pointsRange } from "./table.ts";
export { BASE_ROW, POINTS_FORMAT_VERSION, type PointsJson, toCsv, toJson } from "./io.ts";
export { modelScorecard, modelColumns, modelRelation } from "./fromModel.ts";
export { pairedDelong, type PairedDelong } from "./pairedDelong.ts";
export { topShares, atThreshold, thresholdForVolume, type TopShare, type ScoredRows } from "./gains.ts";
export { heldOutPairs, labelRelation, type HeldOutPairs } from "./heldOut.ts";
export { compareRubric, type RubricComparison, type MqlAt } from "./compare.ts";
export {
  knownAttributes,
  readRubric,
  fromCsv,
  fromJson,
  pointsFile,
  type KnownAttribute,
  type RubricReadOptions,
} from "./read.ts";
