export {
  type AxisCuts,
  type GradeCuts,
  type GradeReading,
  FIT_GRADES,
  INTENT_GRADES,
  gradeCuts,
  grade,
  fitGrade,
  intentGrade,
  gradeReading,
  gradeSql,
  gradeReadingSql,
} from "./grade.ts";
export { rate, type Rate } from "./rate.ts";
export { type LeadSource, LEADS_WITH_OUTCOME, resolveSource } from "./relation.ts";
export { gradeMatrix, gradeMatrixFromCounts, type GradeCell, type GradeMatrix } from "./matrix.ts";
export {
  thresholdByCapacity,
  thresholdByValue,
  recentVolumes,
  type PointsVolume,
  type Threshold,
  type RecentOptions,
} from "./thresholds.ts";
export {
  parseRules,
  parseRuleCondition,
  ruleSql,
  ruleText,
  evaluateRules,
  type DisqualificationRule,
  type RuleCondition,
  type RuleEffect,
  type RulesReport,
  type ParseRulesOptions,
} from "./rules.ts";
export {
  loadFramework,
  builtInFrameworks,
  frameworkCoverage,
  frameworkReport,
  globMatch,
  type Framework,
  type Criterion,
  type CriterionReport,
  type StoreAttribute,
} from "./frameworks.ts";
export { qualifyReport, type QualifyOptions, type QualifyReport, type ThresholdReport } from "./report.ts";
