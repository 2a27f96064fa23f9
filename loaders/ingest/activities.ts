import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "../../lib/store/index.ts";
import type { ActivitiesSpec, SourceConfig } from "../config/types.ts";
import { field, type Field } from "./fields.ts";
import { keepOk, problem, parseProblems, type Part } from "./part.ts";
import { checkLeadLinks, replaceFor } from "./links.ts";

/** Every field read from the activities file. */
export function activityFields(c: SourceConfig, a: ActivitiesSpec): Field[] {
  const fs = [
    field(c, "id", a.lead_id, "text", "activities.lead_id"),
    field(c, "occurred_at", a.occurred_at, "date", "activities.occurred_at"),
    field(c, "activity_type", a.activity_type, "text", "activities.activity_type"),
  ];
  if (a.channel) fs.push(field(c, "channel", a.channel, "text", "activities.channel"));
  return fs;
}

/** Types and checks the staged activities file. Identical rows are kept: two opens of one email are two activities. */
export async function checkActivities(
  conn: DuckDBConnection,
  c: SourceConfig,
  a: ActivitiesSpec,
  p: Part,
  leads: Part,
): Promise<void> {
  const fs = p.fields;
  await parseProblems(conn, p);
  await problem(conn, p, "id IS NULL", a.lead_id, "NULL", "missing lead id");
  await checkLeadLinks(conn, c, p, leads, a.lead_id);
  await problem(conn, p, "occurred_at IS NULL AND occurred_at__raw IS NULL", fs[1].column, "NULL", "missing date");
  await problem(conn, p, "activity_type IS NULL", a.activity_type, "NULL", "missing activity type");
  await keepOk(conn, p);
}

/** Replaces the activities of this run's leads. */
export async function writeActivities(
  conn: DuckDBConnection,
  c: SourceConfig,
  leads: Part,
  p: Part | undefined,
): Promise<void> {
  if (!p) return;
  await replaceFor(conn, "activities", ident(leads.ok));
  await conn.run(`INSERT INTO activities (lead_id, occurred_at, activity_type, channel)
    SELECT id, occurred_at, activity_type, ${c.activities?.channel ? "channel" : "NULL"} FROM ${ident(p.ok)}`);
}
