import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal } from "../../lib/store/index.ts";
import type { OutcomeFile, SourceConfig } from "../config/types.ts";
import { field, type Field } from "./fields.ts";
import { attrKey, attributeFields } from "./attributes.ts";
import { duplicates, keepOk, problem, parseProblems, type Part } from "./part.ts";
import { outcomeSql, VOCABULARY } from "./outcome-values.ts";
import { checkLeadLinks, replaceFor } from "./links.ts";
import { outcomeInLeads } from "./leads.ts";

/** The outcome when it is a file of its own. */
export function outcomeFile(c: SourceConfig): OutcomeFile | undefined {
  return c.outcome && "lead_id" in c.outcome ? (c.outcome as OutcomeFile) : undefined;
}

/** Every field read from the outcome file. */
export function outcomeFields(c: SourceConfig, o: OutcomeFile): Field[] {
  const out: Field[] = [field(c, "id", o.lead_id, "text", "outcome.lead_id")];
  if (typeof o.outcome === "string") out.push(field(c, "o_value", o.outcome, "text", "outcome.outcome"));
  else if ("column" in o.outcome) out.push(field(c, "o_value", o.outcome.column, "text", "outcome.outcome.column"));
  if (o.closed_at) out.push(field(c, "o_closed_at", o.closed_at, "date", "outcome.closed_at"));
  if (o.amount) out.push(field(c, "o_amount", o.amount, "number", "outcome.amount"));
  if (o.reason) out.push(field(c, "o_reason", o.reason, "text", "outcome.reason"));
  out.push(...attributeFields(c, o.attributes ?? [], "outcome.attributes"));
  return out;
}

/** The SQL computing `o_outcome` (won/lost/disqualified/open, NULL = not recognised) in the typed table. */
export function outcomeColumn(o: OutcomeFile): string[] {
  const mapped =
    typeof o.outcome === "string"
      ? outcomeSql(VOCABULARY, "o_value")
      : "value" in o.outcome
        ? literal(o.outcome.value)
        : outcomeSql(o.outcome, "o_value");
  return [`${mapped} AS o_outcome`];
}

/** Types and checks the staged outcome file; leaves its ok table (one row per lead). */
export async function checkOutcomeFile(
  conn: DuckDBConnection,
  c: SourceConfig,
  o: OutcomeFile,
  p: Part,
  leads: Part,
): Promise<void> {
  const fs = p.fields;
  await parseProblems(conn, p);
  await problem(conn, p, "id IS NULL", o.lead_id, "NULL", "missing lead id");
  const value = fs.find((f) => f.key === "o_value");
  if (value) await problem(conn, p, "o_outcome IS NULL", value.column, "o_value", "outcome value not recognised");
  if (o.amount)
    await problem(conn, p, "o_amount < 0", fs.find((f) => f.key === "o_amount")!.column, "o_amount", "negative amount");
  const closed = fs.find((f) => f.key === "o_closed_at");
  await checkLeadLinks(
    conn,
    c,
    p,
    leads,
    o.lead_id,
    closed && { key: "o_closed_at", column: closed.column, what: "outcome" },
  );
  await duplicates(conn, p, ["id"], o.lead_id, "id", "id");
  await keepOk(conn, p);
}

/** Copies attributes that live in the outcome file onto their leads. */
export async function writeOutcomeAttributes(conn: DuckDBConnection, o: OutcomeFile, p: Part): Promise<void> {
  const attrs = o.attributes ?? [];
  if (!attrs.length) return;
  const sets = attrs.map((a) => `${ident(a.name)} = o.${ident(attrKey(a))}`).join(", ");
  await conn.run(`UPDATE leads SET ${sets} FROM ${ident(p.ok)} o WHERE leads.lead_id = o.id`);
}

/**
 * Replaces the outcomes of this run's leads with what the source recorded. A lead with no outcome
 * row is open: an `open` row is stored only when it carries a closed_at, amount or reason.
 */
export async function writeOutcomes(
  conn: DuckDBConnection,
  c: SourceConfig,
  leads: Part,
  file: Part | undefined,
): Promise<void> {
  await replaceFor(conn, "outcomes", ident(leads.ok));
  const from = file ?? (outcomeInLeads(c) ? leads : undefined);
  const has = (k: string) => !!from?.fields.some((f) => f.key === k);
  const col = (k: string) => (has(k) ? `o.${k}` : "NULL");
  if (!from) return;
  // An outcome file's ok rows all name a lead accepted in this run (checkLeadLinks), one row per lead.
  const cols = [col("o_closed_at"), col("o_amount"), col("o_reason")];
  const informative = `coalesce(o.o_outcome, 'open') <> 'open' OR ${cols.map((c) => `${c} IS NOT NULL`).join(" OR ")}`;
  await conn.run(`INSERT INTO outcomes (lead_id, outcome, closed_at, amount, reason)
    SELECT o.id, coalesce(o.o_outcome, 'open'), ${cols.join(", ")} FROM ${ident(from.ok)} o WHERE ${informative}`);
}
