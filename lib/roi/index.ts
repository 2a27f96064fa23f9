export { roiReport, assembleRows, collapsePeriods, roiNotes, type RoiOptions, type RoiReport } from "./report.ts";
export { channelRow, type RoiRow, type RowCounts } from "./channelRow.ts";
export {
  projectedValue,
  dealFor,
  type Projected,
  type ProjectedCell,
  type ProjectedOptions,
} from "./projectedValue.ts";
export {
  channelCounts,
  channelCountsSql,
  dealStats,
  roiCounts,
  type ChannelCountRow,
  type ChannelCountOptions,
  type DealStats,
} from "./channelCounts.ts";
export { proratedSpendSql, periodKeySql, type PeriodUnit } from "./periods.ts";
export { attributionSql, type Attribution } from "./attribution.ts";
