/**
 * SQL (a SELECT of lead_id, note) for leads whose dates carry a data-quality flag from ingest
 * (e.g. Olist's deal won before its first contact). A flag counts as being "on a date" when its
 * column or its note names a date; other flags (an odd amount, say) do not touch velocity.
 */
export const DATE_FLAGS_SQL = `
SELECT lead_id, min(note) AS note FROM quality_flags
WHERE lead_id IS NOT NULL AND (
  lower(coalesce("column", '')) SIMILAR TO '.*(date|_at|time).*'
  OR lower(note) SIMILAR TO '.*(date|before|after|dated).*')
GROUP BY lead_id`;

/** The note used for a date inconsistency that ingest did not flag. */
export const UNFLAGGED_DATE_NOTE = "a stage or the win is dated before an earlier stage or before the lead was created";
