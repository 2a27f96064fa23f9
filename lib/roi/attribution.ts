import { literal } from "../store/index.ts";

/**
 * Who gets credit for a lead: `first` (default) the lead's own channel; `last` the channel of its
 * last touch before it was won (or before the data's end); `linear` an equal share to every touch.
 * Touches are the lead's own channel at creation plus every activity that carries a channel.
 */
export type Attribution = "first" | "last" | "linear";

/**
 * SQL over a relation `ls` (one row per lead with channel, created_at, won_at) giving the
 * attributed channel and weight: `lead_id, a_channel, w`. Weights of one lead sum to 1.
 */
export function attributionSql(attribution: Attribution, asOf: string | null): string {
  if (attribution === "first") return `SELECT lead_id, channel AS a_channel, 1.0 AS w FROM ls`;
  const end = asOf ? `${literal(asOf)}::TIMESTAMP` : "TIMESTAMP '9999-12-31'";
  const touches = `
    SELECT lead_id, channel, created_at AS touched_at, 0 AS ord FROM ls WHERE channel IS NOT NULL
    UNION ALL
    SELECT a.lead_id, a.channel, a.occurred_at, 1 FROM activities a JOIN ls USING (lead_id)
    WHERE a.channel IS NOT NULL AND a.occurred_at <= coalesce(ls.won_at, ${end})`;
  const credited =
    attribution === "last"
      ? `SELECT lead_id, arg_max(channel, row(coalesce(touched_at, TIMESTAMP '0001-01-01'), ord)) AS a_channel, 1.0 AS w FROM touches GROUP BY 1`
      : `SELECT lead_id, channel AS a_channel, sum(1.0 / n) AS w FROM (SELECT *, count(*) OVER (PARTITION BY lead_id) AS n FROM touches) GROUP BY 1, 2`;
  // Leads with no touch at all (no channel, no channel-carrying activity) keep a null channel.
  return `WITH touches AS (${touches}), credited AS (${credited})
    SELECT ls.lead_id, c.a_channel, coalesce(c.w, 1.0) AS w FROM ls LEFT JOIN credited c USING (lead_id)`;
}
