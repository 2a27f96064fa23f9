import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../../lib/errors/UserError.ts";
import { all, hasRows, ident, literal } from "../../lib/store/index.ts";
import type { SourceConfig, StagesLongSpec } from "../config/types.ts";
import { field, type Field } from "./fields.ts";
import { duplicates, keepOk, problem, parseProblems, type Part } from "./part.ts";
import { checkLeadLinks, replaceFor } from "./links.ts";
import { outcomeFile } from "./outcomes.ts";

/** The funnel of a config with defaults applied, and whether a `lead` event is recorded at created_at. */
export function funnel(c: SourceConfig, configName: string): { order: string[]; exits: string[]; leadStage: boolean } {
  const order = c.stages?.order ?? ["lead", "mql", "sql", "opportunity", "won"];
  const exits = c.stages?.exits ?? ["lost", "disqualified"];
  const known = new Set([...order, ...exits]);
  const leadStage = c.stages?.lead_stage_at_created ?? known.has("lead");
  const used: Array<[string, string]> = Object.keys(c.stages?.wide ?? {}).map((s) => [s, `stages.wide.${s}`]);
  const o = outcomeFile(c);
  if (o?.stage) used.push([o.stage, "outcome.stage"]);
  if (leadStage) used.push(["lead", "stages.lead_stage_at_created"]);
  for (const [s, key] of used) {
    if (!known.has(s))
      throw new UserError(
        `${configName}: ${key}: expected a stage listed in stages.order or stages.exits (${[...known].join(", ")}), got "${s}".`,
      );
  }
  return { order, exits, leadStage };
}

/** Every field read from the long stage file. */
export function longStageFields(c: SourceConfig, s: StagesLongSpec): Field[] {
  return [
    field(c, "id", s.lead_id, "text", "stages.long.lead_id"),
    field(c, "stage", s.stage, "text", "stages.long.stage"),
    field(c, "entered_at", s.entered_at, "date", "stages.long.entered_at"),
  ];
}

/** Types and checks the staged long stage file (one row per lead, stage, date). */
export async function checkLongStages(
  conn: DuckDBConnection,
  c: SourceConfig,
  s: StagesLongSpec,
  p: Part,
  leads: Part,
  configName: string,
): Promise<void> {
  const { order, exits } = funnel(c, configName);
  const fs = p.fields;
  await parseProblems(conn, p);
  const dateCol = fs[2].column;
  await problem(conn, p, "id IS NULL", s.lead_id, "NULL", "missing lead id");
  await problem(conn, p, "stage IS NULL", s.stage, "NULL", "missing stage");
  await problem(
    conn,
    p,
    `stage NOT IN (${[...order, ...exits].map(literal).join(", ")})`,
    s.stage,
    "stage",
    "unknown stage",
  );
  await problem(conn, p, `entered_at IS NULL AND entered_at__raw IS NULL`, dateCol, "NULL", "missing date");
  await checkLeadLinks(conn, c, p, leads, s.lead_id, { key: "entered_at", column: dateCol, what: "stage" });
  await duplicates(conn, p, ["id", "stage", "entered_at"], s.lead_id, "id", "id");
  await keepOk(conn, p);
}

/** Replaces the funnel of this source in `stages`, and whether its leads enter `lead` at created_at. */
export async function writeFunnel(conn: DuckDBConnection, c: SourceConfig, configName: string): Promise<void> {
  const { order, exits, leadStage } = funnel(c, configName);
  await conn.run("DELETE FROM stages WHERE source = $1", [c.source]);
  const rows = [
    ...order.map((s, i) => [s, i + 1, "funnel"]),
    ...exits.map((s, i) => [s, order.length + i + 1, "exit"]),
  ];
  for (const [stage, position, kind] of rows) {
    await conn.run("INSERT INTO stages VALUES ($1, $2, $3, $4)", [stage, position, kind, c.source]);
  }
  await writeStageAtCreated(conn, c.source, leadStage && !!c.leads.created_at);
}

/**
 * Records whether every lead of `source` enters `lead` at its created_at (the `stage_events` view
 * derives those events from `leads`). When the setting changes, the source's leads from earlier runs
 * keep what they had: turning it on drops their stored copies of the derived event, turning it off
 * stores the events the view no longer derives.
 */
async function writeStageAtCreated(conn: DuckDBConnection, source: string, on: boolean): Promise<void> {
  const was =
    (
      await all<{ n: number }>(conn, "SELECT count(*)::INTEGER AS n FROM stage_at_created WHERE source = $1", [source])
    )[0].n > 0;
  if (was === on) return;
  if (on) {
    if (await hasRows(conn, "stage_records")) {
      await conn.run(
        `DELETE FROM stage_records r USING leads l
        WHERE r.lead_id = l.lead_id AND l.source = $1 AND r.stage = 'lead' AND r.entered_at = l.created_at`,
        [source],
      );
    }
    await conn.run("INSERT INTO stage_at_created VALUES ($1, 'lead')", [source]);
  } else {
    await conn.run(
      `INSERT INTO stage_records (lead_id, stage, entered_at)
      SELECT lead_id, 'lead', created_at FROM leads WHERE source = $1 AND created_at IS NOT NULL`,
      [source],
    );
    await conn.run("DELETE FROM stage_at_created WHERE source = $1", [source]);
  }
}

/**
 * Replaces the recorded stage events of this run's leads: wide columns, long file, outcome stage. The
 * `lead` event at created_at is not stored (the `stage_events` view derives it, see writeFunnel); a
 * recorded event equal to it is dropped so the view does not show it twice.
 */
export async function writeStageEvents(
  conn: DuckDBConnection,
  c: SourceConfig,
  configName: string,
  leads: Part,
  long: Part | undefined,
  outcome: Part | undefined,
): Promise<void> {
  const derived = funnel(c, configName).leadStage && !!c.leads.created_at;
  const L = ident(leads.ok);
  const parts: string[] = [];
  const names: string[][] = []; // the stage names each part can produce
  Object.keys(c.stages?.wide ?? {}).forEach((stage, i) => {
    parts.push(`SELECT id, ${literal(stage)}, w_${i} FROM ${L} WHERE w_${i} IS NOT NULL`);
    names.push([stage]);
  });
  if (long) {
    parts.push(`SELECT id, stage, entered_at FROM ${ident(long.ok)}`);
    names.push((await all<{ s: string }>(conn, `SELECT DISTINCT stage AS s FROM ${ident(long.ok)}`)).map((r) => r.s));
  }
  const o = outcomeFile(c);
  if (outcome && o?.stage && o.closed_at) {
    parts.push(
      `SELECT id, ${literal(o.stage)}, o_closed_at FROM ${ident(outcome.ok)} WHERE o_closed_at IS NOT NULL AND id IN (SELECT id FROM ${L})`,
    );
    names.push([o.stage]);
  }
  const all_ = names.flat();
  const overlap = new Set(all_).size < all_.length;
  await replaceFor(conn, "stage_records", L);
  if (!parts.length) return;
  // Each part is duplicate-free on its own; DISTINCT only when two parts can name the same stage
  // (e.g. a wide column and a long file both giving `mql`), since it costs a hash of every event.
  const events = `SELECT ${overlap ? "DISTINCT " : ""}id, stage, entered FROM (${parts.join(" UNION ALL ")}) AS e(id, stage, entered)`;
  const notDerived =
    derived && all_.includes("lead")
      ? `SELECT e.* FROM (${events}) e LEFT JOIN ${L} l ON l.id = e.id WHERE NOT coalesce(e.stage = 'lead' AND e.entered = l.created_at, false)`
      : events;
  await conn.run(`INSERT INTO stage_records (lead_id, stage, entered_at) ${notDerived}`);
}
