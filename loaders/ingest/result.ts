/** Row counts of the canonical tables after a run. */
export interface TableCounts {
  leads: number;
  stage_events: number;
  outcomes: number;
  activities: number;
  spend: number;
}

/** Rows read, loaded and rejected from one file of the source. */
export interface FileCounts {
  /** Config key of the file: leads, outcome, stages.long, activities, spend. */
  part: string;
  file: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
}

/** What one ingest run did. `rows_read = rows_loaded + rows_rejected` always holds. */
export interface IngestResult {
  run_id: string;
  source: string;
  /** `loaded`, or `unchanged` when the same config and files were already the latest load of this source. */
  status: "loaded" | "unchanged";
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  tables: TableCounts;
  files: FileCounts[];
  /** Reject reasons with their row counts, most frequent first. */
  reject_reasons: Array<{ reason: string; rows: number }>;
  /** Loaded rows carrying a data-quality note (quality_flags). */
  flags: number;
  /**
   * What the run made of the export beyond plain reading, each line naming its config key and
   * counting rows: ids leadlens made, sentinel values, spend summed to its grain, values mapped.
   */
  notes: string[];
  /** The data's end (ISO), open leads are censored here. */
  as_of: string | null;
}
