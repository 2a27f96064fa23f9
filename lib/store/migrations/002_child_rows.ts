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
 *
 * Likewise the `lead` stage event every lead of a source enters at its created_at
 * (`stages.lead_stage_at_created`) is no longer stored per lead: `stage_at_created` names the sources
 * (and the stage) it applies to, the recorded events move to `stage_records`, and `stage_events`
 * becomes the view of both, so every reader sees the same rows as before. A store written before keeps
 * its stored `lead` rows (no source is listed until it is ingested again).
 */
export const version = 2;
export const name =
  "child rows take source and run_id from their lead; outcome is an ENUM; open outcomes and lead-at-creation events derived from leads";

export const sql = `
ALTER TABLE stage_events DROP COLUMN source;
ALTER TABLE stage_events DROP COLUMN run_id;
ALTER TABLE outcomes DROP COLUMN source;
ALTER TABLE outcomes DROP COLUMN run_id;
ALTER TABLE outcomes ALTER COLUMN outcome TYPE ENUM('disqualified', 'lost', 'open', 'won');
DELETE FROM outcomes WHERE outcome = 'open' AND closed_at IS NULL AND amount IS NULL AND reason IS NULL;
ALTER TABLE stage_events RENAME TO stage_records;
CREATE TABLE stage_at_created (
  source VARCHAR NOT NULL,   -- every lead of this source enters
  stage  VARCHAR NOT NULL    -- this stage at its created_at
);
CREATE VIEW stage_events AS
  SELECT lead_id, stage, entered_at FROM stage_records
  UNION ALL
  SELECT l.lead_id, s.stage, l.created_at FROM leads l JOIN stage_at_created s USING (source) WHERE l.created_at IS NOT NULL;
CREATE VIEW lead_outcomes AS
  SELECT l.lead_id, coalesce(o.outcome, 'open') AS outcome, o.closed_at, o.amount, o.reason
  FROM leads l LEFT JOIN outcomes o USING (lead_id);
ALTER TABLE activities DROP COLUMN source;
ALTER TABLE activities DROP COLUMN run_id;
`;
