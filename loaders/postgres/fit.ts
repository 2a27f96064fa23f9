import type { SourceConfig, ColumnRef, OutcomeInLeads } from "../config/types.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import { addDrop, inputsFromList, isInputRole, type InputSetting } from "../../lib/features/index.ts";
import {
  dropConstant,
  fitFromPatterns,
  FIT_DEFAULTS,
  type FitModelOptions,
  type ModelArtifact,
  type ScoringConfig,
  type SplitInfo,
} from "../../lib/model/index.ts";
import { oneStatement, readOnly } from "./connect.ts";
import { postgresSource } from "./source.ts";
import { encodingFromPostgres, fetchPatternsFromPostgres, patternsFromRows, type PushdownSpec } from "./pushdown.ts";

/** Options for {@link fitModelPushdown}. */
export interface PushdownFitOptions extends FitModelOptions {
  /** The environment holding PG*; default process.env. */
  env?: NodeJS.ProcessEnv;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (v: string) => `'${v.replaceAll("'", "''")}'`;
const columnOf = (ref: ColumnRef) => (typeof ref === "string" ? ref : ref.column);

/**
 * The outcome as 1 (won) / 0 (lost, disqualified, or any other recorded value when `lost` is not
 * listed) / NULL (open or missing), compared as trimmed lower-case text, as ingest reads it.
 */
function outcomeSql(o: OutcomeInLeads): string {
  const v = `LOWER(TRIM(CAST(${ident(o.column)} AS TEXT)))`;
  const list = (xs: string[] | undefined) =>
    (xs ?? []).map((x) => literal(x.trim().toLowerCase())).join(", ") || "NULL";
  const zero = o.lost ? `${v} IN (${list(o.lost)}, ${list(o.disqualified)})` : `${v} NOT IN (${list(o.open)})`;
  return `CASE WHEN ${v} IS NULL OR ${v} = '' THEN NULL WHEN ${v} IN (${list(o.won)}) THEN 1 WHEN ${zero} THEN 0 END`;
}

/**
 * The leads in PostgreSQL under their leadlens names (lead_id, created_at, channel, attributes,
 * `won_raw`), from the source config's `leads.postgres` table or query and its column mapping.
 */
export function leadsQuery(source: SourceConfig): string {
  const base = postgresSource(source.leads).sql;
  const o = source.outcome;
  if (!o || !("won" in o)) {
    throw new UserError(
      "fit --pushdown: the source config needs `outcome:` as a column of the leads (`{ column, won: […] }`); an outcome file cannot be pushed down.",
    );
  }
  // Ingest's reading of a value (a sentinel as missing, a value map) is not redone in PostgreSQL: refused, not silently fitted on other values.
  const reread = (source.attributes ?? []).flatMap((a, i) => [
    ...(a.sentinel ? [`attributes[${i}].sentinel`] : []),
    ...(a.map ? [`attributes[${i}].map`] : []),
  ]);
  const ch = source.leads.channel;
  if (typeof ch === "object" && ch.map) reread.push("leads.channel.map");
  if (reread.length)
    throw new UserError(
      `fit --pushdown: ${reread.join(", ")} change how values are read, and the pushdown reads them as PostgreSQL holds them; ingest the source and fit without --pushdown, or drop those keys.`,
    );
  const id = source.leads.id;
  if (typeof id !== "string")
    throw new UserError(
      "fit --pushdown: the source config needs `leads.id` to name a column; an id made by leadlens (a hash or the row number) cannot be pushed down.",
    );
  const cols = [`CAST(${ident(id)} AS TEXT) AS lead_id`];
  cols.push(
    source.leads.created_at
      ? `CAST(${ident(columnOf(source.leads.created_at))} AS TIMESTAMP) AS created_at`
      : "CAST(NULL AS TIMESTAMP) AS created_at",
  );
  if (source.leads.channel) cols.push(`${ident(columnOf(source.leads.channel))} AS channel`);
  for (const a of source.attributes ?? []) cols.push(`${ident(a.column ?? a.name)} AS ${ident(a.name)}`);
  cols.push(`${outcomeSql(o)} AS won_raw`);
  return `SELECT ${cols.join(", ")} FROM (${base}) leadlens_base`;
}

/** Runs one read-only statement (see `readOnly`, `oneStatement`) and returns its first row (values as PostgreSQL text). */
async function first(sql: string, env: NodeJS.ProcessEnv): Promise<Record<string, string | null>> {
  const rows = await readOnly(
    env,
    "fit --pushdown: PostgreSQL refused the query on the leads (check leads.postgres and the column names in the source config)",
    async (c) => (await c.query(oneStatement(sql))).rows,
  );
  return rows[0] ?? {};
}

/**
 * The labelled, split leads as one PostgreSQL query (the same rules as lib/model's prepareFitTable,
 * computed in PostgreSQL): `won` with the maturity window, `part` (validation) and `fold` (inner CV).
 * Folds are dealt round-robin per outcome in the order of PostgreSQL's `hashtext(lead_id)`: the same
 * scheme as the DuckDB fit, another hash, so the folds (not the method) differ from an ingested fit's.
 */
async function prepareInPostgres(
  source: SourceConfig,
  cfg: typeof FIT_DEFAULTS,
  env: NodeJS.ProcessEnv,
): Promise<{ query: string; split: SplitInfo }> {
  const leads = leadsQuery(source);
  // A date-only as_of reads as its midnight, written as the DuckDB fit writes it.
  const asOf = source.as_of
    ? source.as_of.replace(/^(\d{4}-\d{2}-\d{2})$/, "$1 00:00:00")
    : ((await first(`SELECT CAST(max(created_at) AS TEXT) AS t FROM (${leads}) l`, env)).t ??
      new Date().toISOString().slice(0, 19).replace("T", " "));
  const cutoff = `CAST(${literal(asOf)} AS TIMESTAMP) - INTERVAL '${Math.round(cfg.maturity_days * 24)} hours'`;
  const label = `CASE WHEN created_at IS NOT NULL AND created_at > ${cutoff} THEN NULL WHEN won_raw IS NOT NULL THEN won_raw WHEN created_at IS NOT NULL THEN 0 ELSE NULL END`;
  const labelled = `SELECT l.*, ${label} AS won FROM (${leads}) l WHERE (${label}) IS NOT NULL`;
  const fold = (salt: string) =>
    `CAST((row_number() OVER (PARTITION BY won ORDER BY hashtext(lead_id || ':${salt}'), lead_id) - 1) % ${cfg.folds} AS INTEGER)`;
  const stats = await first(
    `SELECT count(*) AS n, count(created_at) AS dated, sum(won) AS pos, CAST(min(created_at) AS TEXT) AS lo, CAST(max(created_at) AS TEXT) AS hi FROM (${labelled}) t`,
    env,
  );
  const n = Number(stats.n);
  const pos = Number(stats.pos ?? 0);
  if (n < 50 || pos === 0 || pos === n) {
    throw new UserError(
      `Not enough decided leads to fit a model: ${n} leads in PostgreSQL with a known outcome (${pos} won) before as_of ${asOf} minus the ${cfg.maturity_days}-day maturity window. Check outcome: in the source config, or lower maturity_days in scoring.yml.`,
    );
  }
  let validation =
    cfg.validation === "auto" ? (Number(stats.dated) > 0.5 * n ? "out_of_time" : "kfold") : cfg.validation;
  if (validation === "out_of_time" && Number(stats.dated) === 0) {
    throw new UserError(
      "scoring config, validation: out_of_time needs leads with created_at, and none have it. Use validation: kfold (or map leads.created_at in the source config).",
    );
  }
  const split: SplitInfo = {
    validation: "kfold",
    asOf,
    eligible: n,
    createdFrom: stats.lo,
    createdTo: stats.hi,
    testFrom: null,
    testTo: null,
  };
  if (validation === "out_of_time") {
    const cut = (
      await first(
        `SELECT CAST(percentile_disc(${1 - cfg.test_share}) WITHIN GROUP (ORDER BY created_at) AS TEXT) AS c FROM (${labelled}) t`,
        env,
      )
    ).c;
    const query = `SELECT t.*, CASE WHEN created_at > CAST(${literal(cut ?? "")} AS TIMESTAMP) THEN 1 ELSE 0 END AS part, ${fold("inner")} AS fold FROM (${labelled}) t`;
    const t = await first(
      `SELECT count(*) AS n, sum(won) AS pos, CAST(min(created_at) AS TEXT) AS lo, CAST(max(created_at) AS TEXT) AS hi FROM (${query}) q WHERE part = 1`,
      env,
    );
    if (Number(t.n) >= 20 && Number(t.pos ?? 0) > 0 && Number(t.pos) < Number(t.n)) {
      return { query, split: { ...split, validation: "out_of_time", testFrom: t.lo, testTo: t.hi } };
    }
    validation = "kfold"; // too few dated leads after the cut: fall back, as the DuckDB fit does
  }
  return { query: `SELECT t.*, ${fold("outer")} AS part, ${fold("inner")} AS fold FROM (${labelled}) t`, split };
}

/** The model inputs: scoring.yml's list, else every fit.* / intent.* attribute of the source config plus channel. */
function pushdownInputs(source: SourceConfig, cfg: ScoringConfig, warnings: string[]) {
  const attrs = (source.attributes ?? []).map((a) => ({ name: a.name, role: a.role, type: a.type ?? "categorical" }));
  const defaults: InputSetting[] = attrs.filter((a) => isInputRole(a.role)).map((a) => a.name);
  if (source.leads.channel) defaults.push("channel");
  const inputs = inputsFromList(
    attrs,
    cfg.attributes ?? addDrop(defaults, { add: cfg.add_attributes, drop: cfg.drop_attributes }),
    { allowPostOutcome: cfg.allow_post_outcome },
    warnings,
  );
  const bad = inputs.find((i) => i.source === "activity" || (i.source === "channel" && !source.leads.channel));
  if (bad)
    throw new UserError(
      `fit --pushdown: input "${bad.name}" is not available in PostgreSQL (activity needs the activities table; channel needs leads.channel in the source config).`,
    );
  return inputs;
}

/**
 * Fits the lead-scoring model with the heavy part inside PostgreSQL: labels, validation split,
 * folds, level encoding and the pattern aggregation all run there, and only one row per distinct
 * (pattern, part, fold) — level indexes, leads, conversions — comes back. Training, validation,
 * calibration and points are lib/model's `fitFromPatterns`, unchanged. The connection comes from
 * PG* only and nothing of it enters the artifact.
 *
 * @example
 * await fitModelPushdown({ penalty_grid: [1] }, loadConfig("crm.yml").config);
 * // → ModelArtifact with spec.pushdown = metrics.pushdown = "postgres"
 */
export async function fitModelPushdown(
  config: ScoringConfig,
  source: SourceConfig,
  options: PushdownFitOptions = {},
): Promise<ModelArtifact> {
  const env = options.env ?? process.env;
  const step = options.onStep ?? (() => undefined);
  const cfg = { ...FIT_DEFAULTS, ...config, pushdown: "postgres" as const };
  if (cfg.aggregate === "rows")
    throw new UserError(
      "fit --pushdown always aggregates patterns in PostgreSQL: remove `aggregate: rows` from scoring.yml.",
    );
  const timings: Record<string, number> = {};
  const clock = (name: string, t0: number) => (timings[name] = Math.round((performance.now() - t0) * 10) / 10);
  const warnings: string[] = [];
  let t0 = performance.now();
  step("reading attributes");
  const inputs = pushdownInputs(source, config, warnings);
  const { query, split } = await prepareInPostgres(source, cfg, env);
  clock("prepare_ms", t0);
  t0 = performance.now();
  step("encoding attributes in PostgreSQL");
  const spec: PushdownSpec = {
    query,
    outcome: "won",
    where: split.validation === "out_of_time" ? "part = 0" : "TRUE",
    env,
  };
  const encodingOptions = {
    minLevelCount: cfg.min_level_count,
    minLevelShare: cfg.min_level_share,
    bins: cfg.bins,
    activityHalfLifeDays: cfg.activity_half_life_days,
  };
  const encoding = dropConstant(await encodingFromPostgres(inputs, spec, encodingOptions), warnings);
  clock("encode_ms", t0);
  t0 = performance.now();
  step("aggregating patterns in PostgreSQL");
  const rows = await fetchPatternsFromPostgres(encoding, { ...spec, where: "TRUE", by: ["part", "fold"] });
  const P = patternsFromRows(encoding, rows);
  clock("aggregate_ms", t0);
  const artifact = fitFromPatterns({ cfg, inputs, encoding, P, split, warnings, timings }, options);
  return { ...artifact, metrics: { ...artifact.metrics, pushdown: "postgres" } };
}
