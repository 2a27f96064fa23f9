import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal } from "../../lib/store/index.ts";
import type { OutcomeFile, SourceConfig } from "../config/types.ts";
import { field, type Field } from "./fields.ts";
import { attrKey, attributeFields } from "./attributes.ts";
import { duplicates, keepOk, problem, typePart, type Part } from "./part.ts";
import { outcomeSql, VOCABULARY } from "./outcome-values.ts";
import { beforeCreated, leadMustExist } from "./links.ts";
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

/** Types and checks the staged outcome file; leaves its ok table (one row per lead). */
export async function checkOutcomeFile(conn: DuckDBConnection, c: SourceConfig, o: OutcomeFile, p: Part, leads: Part): Promise<void> {
  const fs = p.fields;
  const mapped = typeof o.outcome === "string" ? outcomeSql(VOCABULARY, "o_value") : "value" in o.outcome ? literal(o.outcome.value) : outcomeSql(o.outcome, "o_value");
  await typePart(conn, p, [`${mapped} AS o_outcome`]);
  await problem(conn, p, "id IS NULL", o.lead_id, "NULL", "missing lead id");
  await leadMustExist(conn, p, leads, o.lead_id);
  const value = fs.find((f) => f.key === "o_value");
  if (value) await problem(conn, p, "o_outcome IS NULL", value.column, "o_value", "outcome value not recognised");
  if (o.amount) await problem(conn, p, "o_amount < 0", fs.find((f) => f.key === "o_amount")!.column, "o_amount", "negative amount");
  const closed = fs.find((f) => f.key === "o_closed_at");
  if (closed && c.leads.created_at) await beforeCreated(conn, c, p, leads, "o_closed_at", closed.column, "outcome");
  await duplicates(conn, p, ["id"], o.lead_id, "id", "id");
  await keepOk(conn, p, ["id"]);
}

/** Copies attributes that live in the outcome file onto their leads. */
export async function writeOutcomeAttributes(conn: DuckDBConnection, o: OutcomeFile, p: Part): Promise<void> {
  const attrs = o.attributes ?? [];
  if (!attrs.length) return;
  const sets = attrs.map((a) => `${ident(a.name)} = o.${ident(attrKey(a))}`).join(", ");
  await conn.run(`UPDATE leads SET ${sets} FROM ${ident(p.ok)} o WHERE leads.lead_id = o.id`);
}

/** Replaces the outcomes of this run's leads; leads with no decided outcome are `open`. */
export async function writeOutcomes(conn: DuckDBConnection, c: SourceConfig, leads: Part, file: Part | undefined, runId: string): Promise<void> {
  const tag = `${literal(c.source)}, ${literal(runId)}`;
  await conn.run(`DELETE FROM outcomes WHERE lead_id IN (SELECT id FROM ${ident(leads.ok)})`);
  const from = file ?? (outcomeInLeads(c) ? leads : undefined);
  if (from) {
    const has = (k: string) => from.fields.some((f) => f.key === k);
    const col = (k: string) => (has(k) ? k : "NULL");
    await conn.run(`INSERT INTO outcomes (lead_id, outcome, closed_at, amount, reason, source, run_id)
      SELECT id, o_outcome, ${col("o_closed_at")}, ${col("o_amount")}, ${col("o_reason")}, ${tag} FROM ${ident(from.ok)}
      ${file ? `WHERE id IN (SELECT id FROM ${ident(leads.ok)})` : ""}`);
  }
  await conn.run(`INSERT INTO outcomes (lead_id, outcome, closed_at, amount, reason, source, run_id)
    SELECT id, 'open', NULL, NULL, NULL, ${tag} FROM ${ident(leads.ok)} l
    WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.lead_id = l.id)`);
}
