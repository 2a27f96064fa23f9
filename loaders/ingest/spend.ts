import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal } from "../../lib/store/index.ts";
import type { SourceConfig, SpendSpec } from "../config/types.ts";
import { field, type Field } from "./fields.ts";
import { duplicates, keepOk, problem, parseProblems, type Part } from "./part.ts";

/**
 * Every field read from the spend file. The channel is normalised like the leads' channel (same
 * case folding) so that spend and leads join. Reasons: missing channel, missing or unparseable
 * date, unparseable number, negative spend, period ending before it starts, conflicting duplicates.
 */
export function spendFields(c: SourceConfig, s: SpendSpec): Field[] {
  const leadChannel = typeof c.leads.channel === "object" ? c.leads.channel.normalize : undefined;
  return [
    field(c, "channel", s.channel, "text", "spend.channel", { normalize: leadChannel }),
    field(c, "period_start", s.period_start, "date", "spend.period_start"),
    field(c, "period_end", s.period_end, "date", "spend.period_end"),
    field(c, "amount", s.amount, "number", "spend.amount"),
  ];
}

/** Types and checks the staged spend file. */
export async function checkSpend(conn: DuckDBConnection, p: Part): Promise<void> {
  const fs = p.fields;
  await parseProblems(conn, p);
  await problem(conn, p, "channel IS NULL", fs[0].column, "NULL", "missing channel");
  await problem(conn, p, "period_start IS NULL AND period_start__raw IS NULL", fs[1].column, "NULL", "missing date");
  await problem(conn, p, "period_end IS NULL AND period_end__raw IS NULL", fs[2].column, "NULL", "missing date");
  await problem(conn, p, "amount IS NULL AND amount__raw IS NULL", fs[3].column, "NULL", "missing amount");
  await problem(conn, p, "amount < 0", fs[3].column, "amount", "negative spend");
  await problem(conn, p, "period_end < period_start", fs[2].column, "period_end", "period ends before it starts");
  await duplicates(conn, p, ["channel", "period_start", "period_end"], fs[0].column, "channel", null);
  await keepOk(conn, p);
}

/** Replaces this source's spend for the (channel, period) pairs in the file. */
export async function writeSpend(conn: DuckDBConnection, c: SourceConfig, p: Part | undefined, runId: string): Promise<void> {
  if (!p) return;
  const currency = c.spend?.currency ?? c.currency ?? "USD";
  await conn.run(`DELETE FROM spend WHERE source = ${literal(c.source)} AND EXISTS (SELECT 1 FROM ${ident(p.ok)} o
    WHERE o.channel = spend.channel AND o.period_start::DATE = spend.period_start AND o.period_end::DATE = spend.period_end)`);
  await conn.run(`INSERT INTO spend (channel, period_start, period_end, amount, currency, source, run_id)
    SELECT channel, period_start::DATE, period_end::DATE, amount, ${literal(currency)}, ${literal(c.source)}, ${literal(runId)} FROM ${ident(p.ok)}`);
}
