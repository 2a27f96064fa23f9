import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../../lib/errors/UserError.ts";
import { all, ident, literal, one } from "../../lib/store/index.ts";
import type { SourceConfig, SpendSpec } from "../config/types.ts";
import { field, type Field } from "./fields.ts";
import { keepOk, problem, parseProblems, type Part } from "./part.ts";

const normOf = (ref: SourceConfig["leads"]["channel"]) => (typeof ref === "object" ? ref.normalize : undefined);
/** The leads' column options spend inherits so the two join: case folding and value map. */
const like = (ref: SourceConfig["leads"]["channel"]) => ({
  normalize: normOf(ref),
  map: typeof ref === "object" ? ref.map : undefined,
});
const has = (p: Part, key: string) => p.fields.some((f) => f.key === key);
const col = (p: Part, key: string) => p.fields.find((f) => f.key === key)!.column;
const n = (x: number) => x.toLocaleString("en-US");

/**
 * Every field read from the spend file. Channel and campaign are normalised like the leads' (same
 * case folding and value map, unless the spend column has its own) so that spend and leads join. Reasons: missing channel, missing or unparseable date,
 * unparseable number, negative spend (or impressions, clicks), period ending before it starts.
 */
export function spendFields(c: SourceConfig, s: SpendSpec): Field[] {
  const out = [field(c, "channel", s.channel, "text", "spend.channel", like(c.leads.channel))];
  if (s.campaign) out.push(field(c, "campaign", s.campaign, "text", "spend.campaign", like(c.leads.campaign)));
  if (s.period_start) out.push(field(c, "period_start", s.period_start, "date", "spend.period_start"));
  if (s.period_end) out.push(field(c, "period_end", s.period_end, "date", "spend.period_end"));
  out.push(field(c, "amount", s.amount, "number", "spend.amount"));
  if (s.impressions) out.push(field(c, "impressions", s.impressions, "number", "spend.impressions"));
  if (s.clicks) out.push(field(c, "clicks", s.clicks, "number", "spend.clicks"));
  return out;
}

/**
 * Types and checks the staged spend file. Rows repeating a key are not duplicates here: an export per
 * ad or ad set repeats channel × campaign × period on every row, and they are summed (writeSpend).
 */
export async function checkSpend(conn: DuckDBConnection, p: Part): Promise<void> {
  await parseProblems(conn, p);
  await problem(conn, p, "channel IS NULL", col(p, "channel"), "NULL", "missing channel");
  if (has(p, "period_start")) {
    await problem(
      conn,
      p,
      "period_start IS NULL AND period_start__raw IS NULL",
      col(p, "period_start"),
      "NULL",
      "missing date",
    );
    await problem(
      conn,
      p,
      "period_end IS NULL AND period_end__raw IS NULL",
      col(p, "period_end"),
      "NULL",
      "missing date",
    );
    await problem(
      conn,
      p,
      "period_end < period_start",
      col(p, "period_end"),
      "period_end",
      "period ends before it starts",
    );
  }
  await problem(conn, p, "amount IS NULL AND amount__raw IS NULL", col(p, "amount"), "NULL", "missing amount");
  await problem(conn, p, "amount < 0", col(p, "amount"), "amount", "negative spend");
  for (const k of ["impressions", "clicks"])
    if (has(p, k)) await problem(conn, p, `${k} < 0`, col(p, k), k, `negative ${k}`);
  await keepOk(conn, p);
}

/**
 * The spend period of an undated file: the created_at range of this source's leads (after this run's
 * upsert), as ISO dates. A file without dates whose leads have none either cannot be placed in time.
 */
async function dataWindow(
  conn: DuckDBConnection,
  c: SourceConfig,
  file: string,
): Promise<{ from: string; to: string }> {
  const w = await one<{ from: string | null; to: string | null }>(
    conn,
    `SELECT min(created_at)::DATE::VARCHAR AS "from", max(created_at)::DATE::VARCHAR AS "to" FROM leads WHERE source = ${literal(c.source)}`,
  );
  if (!w?.from || !w.to) {
    throw new UserError(
      `${file} (spend.file) has no dates (spend.period_start/period_end not given) and the leads have no created_at to take the period from: give spend.period_start and spend.period_end, or leads.created_at.`,
    );
  }
  return { from: w.from, to: w.to };
}

/**
 * Sums the accepted spend rows to channel × campaign × period (an export per ad, ad set or day of a
 * campaign loads as it is) and replaces this source's spend for the keys in the file. Undated spend
 * becomes one period over the leads' created_at range. Adds the summary lines saying so.
 */
export async function writeSpend(
  conn: DuckDBConnection,
  c: SourceConfig,
  p: Part | undefined,
  runId: string,
): Promise<void> {
  if (!p) return;
  const currency = c.spend?.currency ?? c.currency ?? "USD";
  const dated = has(p, "period_start");
  const w = dated ? undefined : await dataWindow(conn, c, p.sourceFile);
  const [ps, pe] = w
    ? [`${literal(w.from)}::DATE`, `${literal(w.to)}::DATE`]
    : ["period_start::DATE", "period_end::DATE"];
  const opt = (k: string) => (has(p, k) ? `sum(${k})` : "NULL::DOUBLE");
  await conn.run(`CREATE OR REPLACE TEMP TABLE ll_spend_sum AS
    SELECT channel, ${has(p, "campaign") ? "campaign" : "NULL::VARCHAR"} AS campaign, ${ps} AS period_start, ${pe} AS period_end,
      sum(amount) AS amount, ${opt("impressions")} AS impressions, ${opt("clicks")} AS clicks, count(*) AS rows
    FROM ${ident(p.ok)} GROUP BY ALL`);
  // The file replaces the source's spend it covers, at whatever grain that was loaded, so nothing is
  // counted twice: an undated (lifetime) export, whose window widens with newer leads, replaces its
  // channels' rows whatever their period; a dated one the rows whose period overlaps one of its own
  // (monthly rows re-exported daily). A row without campaign covers every campaign of its channel
  // (a campaign column added or dropped). Dated rows of other periods stay: a newer month is added.
  const overlaps = w ? "" : " AND o.period_start <= spend.period_end AND o.period_end >= spend.period_start";
  await conn.run(`DELETE FROM spend WHERE source = ${literal(c.source)} AND EXISTS (SELECT 1 FROM ll_spend_sum o
    WHERE o.channel = spend.channel AND (o.campaign IS NULL OR spend.campaign IS NULL OR o.campaign = spend.campaign)${overlaps})`);
  await conn.run(`INSERT INTO spend (channel, campaign, period_start, period_end, amount, impressions, clicks, currency, source, run_id)
    SELECT channel, campaign, period_start, period_end, amount, impressions, clicks, ${literal(currency)}, ${literal(c.source)}, ${literal(runId)} FROM ll_spend_sum`);
  const [s] = await all<{ keys: number; rows: number; amount: number | null }>(
    conn,
    "SELECT count(*)::INTEGER AS keys, coalesce(sum(rows), 0)::INTEGER AS rows, sum(amount) AS amount FROM ll_spend_sum",
  );
  const grain = has(p, "campaign") ? "channel × campaign × period" : "channel × period";
  if (s.rows > s.keys)
    p.notes.push(
      `spend: ${n(s.rows)} rows summed to ${n(s.keys)} ${grain} rows (total ${n(Math.round((s.amount ?? 0) * 100) / 100)} ${currency})`,
    );
  if (w)
    p.notes.push(
      `spend: no period_start/period_end, so the file's spend is one period covering the leads' created_at range, ${w.from} to ${w.to}`,
    );
}
