export type {
  ModelArtifact,
  ArtifactAttribute,
  ArtifactLevel,
  ArtifactCalibration,
  ArtifactMetrics,
} from "./artifact.ts";
export { FORMAT_VERSION } from "./artifact.ts";
export {
  readScoringConfig,
  checkScoringConfig,
  scoringConfig,
  FIT_DEFAULTS,
  type ScoringConfig,
  type ScoringSettings,
} from "./config.ts";
export { fitModel, fitFromPatterns, dropConstant, type FitModelOptions, type PatternFitInput } from "./fit.ts";
export { saveModel, loadModel, readModelFile, writeModelFile, checkArtifact } from "./store.ts";
export { scoringSql, scoreLeads, type ScoringSqlOptions, type ScoreLeadsOptions } from "./score.ts";
export { levelCodes } from "./levelSql.ts";
export { applyCalibration, fitCalibration, chooseCalibration, type CalibrationSetting } from "./calibrate.ts";
export { resolveAsOf, prepareFitTable, labelSql, foldSql, type SplitInfo } from "./split.ts";
export { loadPatterns, patternDesign, type Patterns } from "./patterns.ts";
export { driftReport, type DriftReport, type DriftOptions } from "./drift.ts";
