import type { DuckDBConnection } from "@duckdb/node-api";
import { hasRows, ident, literal } from "../../lib/store/index.ts";
import type { OutcomeInLeads, SourceConfig } from "../config/types.ts";
import { field, type Field } from "./fields.ts";
import { attrKey, attributeFields } from "./attributes.ts";
import { duplicates, flag, keepOk, problem, parseProblems, PROBLEMS, type Part } from "./part.ts";
import { outcomeSql } from "./outcome-values.ts";
import { replaceFor } from "./links.ts";
import { encodeLeadColumns } from "./lead-columns.ts";
import { sentinelNotes } from "./sentinels.ts";

/** The outcome when it is a column of the leads file (not a file of its own). */
export function outcomeInLeads(c: SourceConfig): OutcomeInLeads | undefined {
  return c.outcome && !("lead_id" in c.outcome) ? (c.outcome as OutcomeInLeads) : undefined;
}

/** The SQL computing `o_outcome` in the leads' typed table, when the outcome is a leads column. */
export function leadOutcomeColumn(c: SourceConfig): string[] {
  const o = outcomeInLeads(c);
  return o ? [`${outcomeSql(o, "o_value")} AS o_outcome`] : [];
}

/**
 * How the lead id is made: `column` (a column of the file), `hash` (a hash of the cleaned values of
 * some columns: the same lead gets the same id in a re-ordered export) or `row` (the row number:
 * `leads.id` omitted or `{ row_number: true }`). `label` names it in rejects and messages.
 */
export function leadIdOf(c: SourceConfig): { kind: "column" | "hash" | "row"; columns: string[]; label: string } {
  const id = c.leads.id;
  if (typeof id === "string") return { kind: "column", columns: [id], label: id };
  if (id && "hash" in id) return { kind: "hash", columns: id.hash, label: `hash(${id.hash.join(", ")})` };
  return { kind: "row", columns: [], label: "(row number)" };
}

/** The summary line for an id leadlens made (none when the id is a column). */
export function idNotes(c: SourceConfig, loaded: number): string[] {
  const id = leadIdOf(c);
  const n = loaded.toLocaleString("en-US");
  if (id.kind === "row")
    return [
      `leads.id: the lead ids of the ${n} loaded rows are their row numbers (the file has no id column): a re-ordered export gets other ids, so load such an export once (docs/sources.md, Lead ids)`,
    ];
  if (id.kind === "hash")
    return [
      `leads.id: the lead ids of the ${n} loaded rows are made from ${id.label}: the same values give the same id in any row order`,
    ];
  return [];
}

/** The hash-id columns' keys in the typed table. */
const hashKey = (i: number) => `id_h${i}`;

/**
 * The SQL of a hash id, over the typed table's cleaned texts: the first 16 hex digits of the MD5 of
 * the values joined by U+001F, a missing one written U+001E (so `a,∅` and `∅,a` differ); NULL (a
 * `missing lead id`) when every one is missing. 64 bits: a collision is unlikely below billions of
 * leads, and would show as a `duplicate id with conflicting values`, never as a silent merge.
 */
export function hashIdSql(n: number): string {
  const keys = Array.from({ length: n }, (_, i) => ident(hashKey(i)));
  const joined = keys.map((k) => `coalesce(${k}, chr(30))`).join(" || chr(31) || ");
  return `CASE WHEN ${keys.map((k) => `${k} IS NULL`).join(" AND ")} THEN NULL ELSE substr(md5(${joined}), 1, 16) END`;
}

/** The typed table's extra columns for the leads: the hash id (if any) and the outcome. */
export function leadExtraColumns(c: SourceConfig): string[] {
  const id = leadIdOf(c);
  return [...(id.kind === "hash" ? [`${hashIdSql(id.columns.length)} AS id`] : []), ...leadOutcomeColumn(c)];
}

/** Every field read from the leads file. */
export function leadFields(c: SourceConfig): Field[] {
  const l = c.leads;
  const id = leadIdOf(c);
  const out: Field[] =
    id.kind === "column"
      ? [field(c, "id", id.columns[0], "text", "leads.id")]
      : id.columns.map((col, i) => field(c, hashKey(i), col, "text", `leads.id.hash[${i}]`));
  if (l.created_at) out.push(field(c, "created_at", l.created_at, "date", "leads.created_at"));
  if (l.channel) out.push(field(c, "channel", l.channel, "text", "leads.channel"));
  if (l.campaign) out.push(field(c, "campaign", l.campaign, "text", "leads.campaign"));
  out.push(...attributeFields(c, c.attributes ?? [], "attributes"));
  Object.entries(c.stages?.wide ?? {}).forEach(([stage, ref], i) => {
    out.push(field(c, `w_${i}`, ref, "date", `stages.wide.${stage}`));
  });
  const o = outcomeInLeads(c);
  if (o) {
    out.push(field(c, "o_value", o.column, "text", "outcome.column"));
    if (o.closed_at) out.push(field(c, "o_closed_at", o.closed_at, "date", "outcome.closed_at"));
    if (o.amount) out.push(field(c, "o_amount", o.amount, "number", "outcome.amount"));
    if (o.reason) out.push(field(c, "o_reason", o.reason, "text", "outcome.reason"));
  }
  return out;
}

/**
 * Types and checks the staged leads file. Leaves `ll_leads_ok`: one row per accepted lead.
 * Reasons: missing lead id, unparseable date/number/yes-no, outcome value not recognised, negative
 * amount, outcome or stage before creation (when checks.outcome_before_created is reject), duplicate
 * id with conflicting values, lead id already loaded by another source.
 */
export async function checkLeads(conn: DuckDBConnection, c: SourceConfig, p: Part): Promise<void> {
  const fields = p.fields;
  const o = outcomeInLeads(c);
  await parseProblems(conn, p);
  const idLabel = leadIdOf(c).label;
  await problem(conn, p, "id IS NULL", idLabel, "NULL", "missing lead id");
  if (o) {
    await problem(conn, p, "o_outcome IS NULL", o.column, "o_value", "outcome value not recognised");
    if (o.amount) await problem(conn, p, "o_amount < 0", colOf(fields, "o_amount"), "o_amount", "negative amount");
  }
  const mode = c.checks?.outcome_before_created ?? "reject";
  const dated = fields.filter((f) => f.key === "o_closed_at" || f.key.startsWith("w_"));
  if (c.leads.created_at) {
    for (const f of dated) {
      const what = f.key === "o_closed_at" ? "outcome" : "stage";
      const where = `${ident(f.key)} < created_at`;
      if (mode === "reject") await problem(conn, p, where, f.column, ident(f.key), `${what} before creation`);
      else
        await flag(
          conn,
          p,
          where,
          "id",
          f.column,
          ident(f.key),
          `'${what} before creation: ' || ${ident(f.key)} || ' is before created_at ' || created_at`,
        );
    }
  }
  await otherSources(conn, c, p);
  await duplicates(conn, p, ["id"], idLabel, "id", "id");
  await keepOk(conn, p);
  await sentinelNotes(conn, p, c.attributes ?? []);
}

/**
 * Rejects the rows whose lead id is already stored under another source. The upsert is by lead_id
 * within one source (a newer export of it replaces its leads); across sources the same id is as
 * likely to be another person (two CRMs both counting from 1) as the same one, and replacing would
 * silently drop the first source's created_at, outcome and stages. So the stored lead stays, the new
 * row goes to `rejects` naming the source that has it, and its outcome, stage and activity rows follow
 * it there (`lead rejected in the leads file`). Skipped while no other source has leads.
 */
async function otherSources(conn: DuckDBConnection, c: SourceConfig, p: Part): Promise<void> {
  const others = `leads WHERE source <> ${literal(c.source)}`;
  if (!(await hasRows(conn, others))) return;
  await conn.run(`INSERT INTO ${PROBLEMS}
    SELECT ${literal(p.name)}, t.source_row, ${literal(leadIdOf(c).label)}, t.id, 'lead id already loaded by source ''' || l.source || ''''
    FROM ${ident(p.typed)} t JOIN (SELECT lead_id, source FROM ${others}) l ON l.lead_id = t.id`);
}

const colOf = (fields: Field[], key: string) => fields.find((f) => f.key === key)!.column;

/** Replaces the accepted leads in `leads` (upsert by lead_id: delete, then insert). */
export async function writeLeads(conn: DuckDBConnection, c: SourceConfig, p: Part, runId: string): Promise<void> {
  const attrs = c.attributes ?? [];
  // Before the upsert's DELETE: DuckDB cannot commit an ALTER of a table this transaction deleted from.
  await encodeLeadColumns(conn, c, p);
  await replaceFor(conn, "leads", ident(p.ok));
  const cols = ["lead_id", "created_at", "channel", "campaign", "source", "run_id", ...attrs.map((a) => a.name)];
  const vals = [
    "id",
    c.leads.created_at ? "created_at" : "NULL",
    c.leads.channel ? "channel" : "NULL",
    c.leads.campaign ? "campaign" : "NULL",
    literal(c.source),
    literal(runId),
    ...attrs.map((a) => ident(attrKey(a))),
  ];
  await conn.run(`INSERT INTO leads (${cols.map(ident).join(", ")}) SELECT ${vals.join(", ")} FROM ${ident(p.ok)}`);
}
