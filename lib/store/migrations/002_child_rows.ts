/**
 * Migration 2: stage events, outcomes and activities take their provenance from their lead.
 *
 * Every child row is written in the same run as its lead (ingest replaces a lead's children whenever it
 * loads the lead, and rejects a child naming a lead outside the run), so the per-row `source` and
 * `run_id` always equalled the lead's: join `leads` for them. Dropping them removes two constant text
 * columns from the store's largest tables, whose compression analysis DuckDB pays per row on every
 * ingest. `outcomes.outcome` becomes an ENUM of its fixed vocabulary (sorted, so ORDER BY is unchanged):
 * readers still compare it with text. `outcomes` holds what a source recorded: a lead with no row is
 * open (ingest wrote an `open` row with nothing else in it for every such lead; those rows go, and
 * every reader takes a missing outcome as open). The view `lead_outcomes` has every lead once with its
 * outcome, open where none was recorded.
 */
export const version = 2;
export const name = "child rows take source and run_id from their lead; outcome is an ENUM; no empty open rows";

export const sql = `
ALTER TABLE stage_events DROP COLUMN source;
ALTER TABLE stage_events DROP COLUMN run_id;
ALTER TABLE outcomes DROP COLUMN source;
ALTER TABLE outcomes DROP COLUMN run_id;
ALTER TABLE outcomes ALTER COLUMN outcome TYPE ENUM('disqualified', 'lost', 'open', 'won');
DELETE FROM outcomes WHERE outcome = 'open' AND closed_at IS NULL AND amount IS NULL AND reason IS NULL;
CREATE VIEW lead_outcomes AS
  SELECT l.lead_id, coalesce(o.outcome, 'open') AS outcome, o.closed_at, o.amount, o.reason
  FROM leads l LEFT JOIN outcomes o USING (lead_id);
ALTER TABLE activities DROP COLUMN source;
ALTER TABLE activities DROP COLUMN run_id;
`;
