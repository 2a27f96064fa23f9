export {
  funnelReport,
  funnelReportWithCounts,
  funnelNotes,
  type FunnelOptions,
  type FunnelReport,
  type TransitionReport,
  type GroupVelocity,
} from "./report.ts";
export {
  summarizeVelocity,
  kmFigures,
  medianInterval,
  type SummaryOptions,
  type VelocityStats,
  type GroupCounts,
} from "./summarize.ts";
export { naiveMedian } from "./naiveMedian.ts";
export {
  velocityCounts,
  velocityCountsSql,
  velocityQuality,
  qualityFromCounts,
  transitionsOf,
  type Transition,
  type CohortUnit,
  type VelocityCountRow,
  type VelocityOptions,
  type QualityNote,
} from "./velocityCounts.ts";
export { survivalCounts, survivalCountsSql } from "./survivalCounts.ts";
export {
  leadStagesSql,
  storeLeadStages,
  createdFilter,
  wonIndex,
  type LeadStagesOptions,
  type SkipPolicy,
  type StoredLeadStages,
} from "./leadStages.ts";
export { readStages, readAsOf, DEFAULT_STAGES, type FunnelStages } from "./context.ts";
export { leadColumns, checkLeadColumns } from "./leadColumns.ts";
export { DATE_FLAGS_SQL, UNFLAGGED_DATE_NOTE } from "./quality.ts";
