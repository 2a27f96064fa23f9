/**
 * Migration 2: stage events, outcomes and activities take their provenance from their lead.
 *
 * Every child row is written in the same run as its lead (ingest replaces a lead's children whenever it
 * loads the lead, and rejects a child naming a lead outside the run), so the per-row `source` and
 * `run_id` always equalled the lead's: join `leads` for them. Dropping them removes two constant text
 * columns from the store's largest tables, whose compression analysis DuckDB pays per row on every
 * ingest. `outcomes.outcome` becomes an ENUM of its fixed vocabulary (sorted, so ORDER BY is unchanged):
 * readers still compare it with text.
 */
export const version = 2;
export const name = "child rows take source and run_id from their lead; outcome is an ENUM";

export const sql = `
ALTER TABLE stage_events DROP COLUMN source;
ALTER TABLE stage_events DROP COLUMN run_id;
ALTER TABLE outcomes DROP COLUMN source;
ALTER TABLE outcomes DROP COLUMN run_id;
ALTER TABLE outcomes ALTER COLUMN outcome TYPE ENUM('disqualified', 'lost', 'open', 'won');
ALTER TABLE activities DROP COLUMN source;
ALTER TABLE activities DROP COLUMN run_id;
`;
