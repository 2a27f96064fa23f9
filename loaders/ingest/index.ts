import { registerReader } from "./readers.ts";
import { readCsv } from "./read-csv.ts";
import { readJsonl, readParquet } from "./read-parquet.ts";

registerReader("csv", readCsv);
registerReader("parquet", readParquet);
registerReader("jsonl", readJsonl);

export { ingest, tableCounts, newRunId, type IngestOptions } from "./run.ts";
export { readers, registerReader, readSource, formatOf, type Reader, type ReadContext, type ReadResult } from "./readers.ts";
export { checkFile, duckMessage } from "./read-file.ts";
export type { IngestResult, TableCounts, FileCounts } from "./result.ts";
