export { segmentsReport, type SegmentsOptions, type SegmentsReport } from "./report.ts";
export {
  segmentsOnBasis,
  overallOnBasis,
  type BasisSegmentRow,
  type BasisAttributeSegments,
  type RateInfo,
} from "./onBasis.ts";
export { segmentTimeCounts, type SegmentTimeCounts } from "./segmentCounts.ts";
export {
  summarizeSegments,
  overallConversion,
  type AttributeSegments,
  type SegmentRow,
  type OverallConversion,
} from "./summarize.ts";
export {
  segmentCounts,
  segmentCountsBatch,
  segmentCountsWithTotal,
  convertedLeadsSql,
  type SegmentCount,
  type SegmentExpr,
} from "./segmentCounts.ts";
export { segmentAttributes, type SegmentAttribute, type AttributeKind } from "./attributes.ts";
export { binsFromCuts, binCaseSql, categoricalSql, quantileCuts, MISSING_LABEL } from "./bins.ts";
export { modelBins, binsFromArtifact } from "./modelBins.ts";
