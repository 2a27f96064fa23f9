export type { ModelArtifact, ArtifactAttribute, ArtifactLevel, ArtifactCalibration, ArtifactMetrics } from "./artifact.ts";
export { FORMAT_VERSION } from "./artifact.ts";
export { readScoringConfig, checkScoringConfig, type ScoringConfig } from "./config.ts";
export { fitModel, FIT_DEFAULTS, type FitModelOptions } from "./fit.ts";
export { saveModel, loadModel, readModelFile, writeModelFile, checkArtifact } from "./store.ts";
export { scoringSql, scoreLeads, type ScoringSqlOptions, type ScoreLeadsOptions } from "./score.ts";
export { applyCalibration, fitCalibration, chooseCalibration, type CalibrationSetting } from "./calibrate.ts";
export { resolveAsOf, prepareFitTable } from "./split.ts";
export { loadPatterns, patternDesign } from "./patterns.ts";
