export { ingest, tableCounts, newRunId, type IngestOptions } from "./run.ts";
export {
  readers,
  registerReader,
  formats,
  readSource,
  formatOf,
  type RegisterOptions,
  type Reader,
  type ReadContext,
  type ReadResult,
} from "./readers.ts";
export { checkFile, duckMessage } from "./read-file.ts";
export type { IngestResult, TableCounts, FileCounts } from "./result.ts";
