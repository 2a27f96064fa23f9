import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { exec, one } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { resolveInputs, type InputSpec } from "../features/inputs.ts";
import { buildEncoding } from "../features/build.ts";
import { leadsRelation } from "../features/sql.ts";
import type { Encoding } from "../features/types.ts";
import { linearPredictor } from "../logistic/design.ts";
import { expit } from "../logistic/fit.ts";
import { scorecard, parseOdds, pointsRange, pointsToLogOdds, type Scorecard } from "../scorecard/index.ts";
import { gradeCuts } from "../qualify/grade.ts";
import { FIT_DEFAULTS, type ScoringConfig } from "./config.ts";
import { FORMAT_VERSION, type ArtifactAttribute, type ModelArtifact } from "./artifact.ts";
import { prepareFitTable, resolveAsOf, type SplitInfo } from "./split.ts";
import { loadPatterns, patternDesign, columnMap, type Patterns } from "./patterns.ts";
import { trainOn, type Trained } from "./train.ts";
import { applyCalibration } from "./calibrate.ts";
import { heldOutMetrics, weightedRows } from "./evaluate.ts";
import { leakageAuc, suspiciousInputWarnings } from "./leakage.ts";
import { opennessWarnings } from "./openness.ts";
import { momentDays, parseScoreAt } from "./moment.ts";
import { withMemoryLimit } from "./memory.ts";

/** Options for {@link fitModel}. */
export interface FitModelOptions {
  /** Called at each step (for CLI progress). */
  onStep?: (step: string) => void;
  /**
   * DuckDB's memory limit while the fit's queries run (preparing the fit table, encoding, pattern
   * aggregation), e.g. "4GB"; the store's own limit is restored afterwards. Default: the limit the
   * store was opened with (openStore's memoryLimit, LEADLENS_MEMORY_LIMIT, else its 2GB default).
   * See lib/model/memory.ts.
   */
  memoryLimit?: string;
}

const TABLE = "_leadlens_fit";

/**
 * Fits, validates and calibrates a lead-scoring model on the store's leads and returns the
 * versioned artifact (not yet saved: see `saveModel`). Aggregation runs in DuckDB; the solver sees
 * one row per distinct encoded pattern.
 */
export async function fitModel(
  conn: DuckDBConnection,
  config: ScoringConfig = {},
  options: FitModelOptions = {},
): Promise<ModelArtifact> {
  const step = options.onStep ?? (() => undefined);
  const cfg = { ...FIT_DEFAULTS, ...config };
  const timings: Record<string, number> = {};
  const { inputs, warnings, encoding, P, split } = await withMemoryLimit(conn, options.memoryLimit, () =>
    prepareAndAggregate(conn, cfg, step, timings),
  );
  return fitFromPatterns({ cfg, inputs, encoding, P, split, warnings, timings }, options);
}

/**
 * The DuckDB half of {@link fitModel}: resolves the inputs, prepares the fit table (label, split,
 * folds), encodes, and reads the patterns; drops the fit table.
 */
async function prepareAndAggregate(
  conn: DuckDBConnection,
  cfg: typeof FIT_DEFAULTS & ScoringConfig,
  step: (s: string) => void,
  timings: Record<string, number>,
) {
  const clock = (name: string, t0: number) => (timings[name] = Math.round((performance.now() - t0) * 10) / 10);
  let t0 = performance.now();
  step("reading attributes");
  const { inputs, warnings } = await resolveInputs(conn, cfg.attributes, {
    allowPostOutcome: cfg.allow_post_outcome,
    add: cfg.add_attributes,
    drop: cfg.drop_attributes,
  });
  const asOf = await resolveAsOf(conn);
  warnings.push(...(await opennessWarnings(conn, inputs, asOf)));
  const activity = inputs.some((i) => i.source === "activity");
  // Behaviour is read at the decision moment; leads decided before it are not trained on (they were never scored undecided).
  const moment = activity ? momentDays(parseScoreAt(cfg.score_at)) : null;
  const all = leadsRelation({ asOf, halfLifeDays: cfg.activity_half_life_days, activity, momentDays: moment });
  const relation = moment === null ? all : `(SELECT * FROM ${all} WHERE at_moment) atm`;
  if (moment !== null) warnings.push(await momentNote(conn, all, cfg.score_at));
  const split = await prepareFitTable(conn, {
    table: TABLE,
    relation,
    asOf,
    maturityDays: cfg.maturity_days,
    validation: cfg.validation,
    testShare: cfg.test_share,
    folds: cfg.folds,
    columns: inputs.map(inputColumn),
  });
  clock("prepare_ms", t0);
  t0 = performance.now();
  step("encoding attributes");
  const built = await buildEncoding(conn, inputs, TABLE, split.validation === "out_of_time" ? "part = 0" : "TRUE", {
    minLevelCount: cfg.min_level_count,
    minLevelShare: cfg.min_level_share,
    bins: cfg.bins,
    activityHalfLifeDays: cfg.activity_half_life_days,
  });
  const encoding = dropConstant(built, warnings);
  clock("encode_ms", t0);
  t0 = performance.now();
  step("aggregating patterns");
  const P = await loadPatterns(conn, encoding, TABLE, cfg.aggregate !== "rows");
  clock("aggregate_ms", t0);
  await exec(conn, `DROP TABLE IF EXISTS ${TABLE}`);
  return { inputs, warnings, encoding, P, split };
}

// Says how many leads the decision moment leaves out of training, so a reader knows the model's population.
async function momentNote(conn: DuckDBConnection, relation: string, scoreAt: string): Promise<string> {
  const r = await one<{ n: number }>(
    conn,
    `SELECT count(*) FILTER (WHERE NOT at_moment)::BIGINT AS n FROM ${relation}`,
  );
  return `Decision moment ${scoreAt}: behaviour counts up to it, and ${Number(r?.n ?? 0).toLocaleString("en-US")} leads decided before it are left out of training (score_at in scoring.yml).`;
}

/** The leads-relation column an input's value is read from (lib/features' valueSql reads it). */
export function inputColumn(input: Pick<InputSpec, "name" | "source">): string {
  switch (input.source) {
    case "channel":
      return "channel";
    case "created_month":
      return "created_at";
    case "activity":
      return "activity";
    default:
      return input.name;
  }
}

/** What {@link fitFromPatterns} trains on: the encoded patterns with their validation part and fold. */
export interface PatternFitInput {
  /** The scoring config with {@link FIT_DEFAULTS} filled in. */
  cfg: typeof FIT_DEFAULTS & ScoringConfig;
  inputs: InputSpec[];
  encoding: Encoding;
  /** The patterns, `part` and `fold` set as {@link prepareFitTable} sets them. */
  P: Patterns;
  split: SplitInfo;
  /** Warnings so far (added to). */
  warnings: string[];
  /** Timings so far (added to). */
  timings: Record<string, number>;
}

/**
 * The pure half of a fit: from patterns (wherever they were aggregated — DuckDB, or PostgreSQL in
 * pushdown mode) to the artifact: penalty by CV, validation, calibration, leakage checks, points.
 */
export function fitFromPatterns(x: PatternFitInput, options: FitModelOptions = {}): ModelArtifact {
  const step = options.onStep ?? (() => undefined);
  const { cfg, inputs, encoding, P, split, warnings, timings } = x;
  const clock = (name: string, t0: number) => (timings[name] = Math.round((performance.now() - t0) * 10) / 10);
  const t0 = performance.now();
  step(`fitting (${P.rows.toLocaleString("en-US")} rows)`);
  const design = patternDesign(encoding, P);
  const train = { grid: cfg.penalty_grid, folds: cfg.folds, calibration: cfg.calibration };
  const splits =
    split.validation === "out_of_time"
      ? [{ train: (r: number) => P.part[r] === 0, test: (r: number) => P.part[r] === 1 }]
      : Array.from({ length: cfg.folds }, (_, f) => ({
          train: (r: number) => P.part[r] !== f,
          test: (r: number) => P.part[r] === f,
        }));
  // Held-out rows in split order; each pattern row is held out by at most one split (its part), so
  // P.rows entries bound them: typed arrays allocated once, no growing JS arrays.
  const test = {
    leads: new Float64Array(P.rows),
    conversions: new Float64Array(P.rows),
    p: new Float64Array(P.rows),
    raw: new Float64Array(P.rows),
  };
  let nTest = 0;
  let final: Trained | undefined;
  for (const s of splits) {
    const trained = trainOn(design, P, s.train, train);
    const eta = linearPredictor(design, trained.fit.coef);
    for (let r = 0; r < P.rows; r++) {
      if (!s.test(r)) continue;
      test.leads[nTest] = P.leads[r];
      test.conversions[nTest] = P.conversions[r];
      test.raw[nTest] = expit(eta[r]);
      test.p[nTest] = applyCalibration(trained.calibration.calibration, eta[r]);
      nTest++;
    }
    if (split.validation === "out_of_time") final = trained;
  }
  const finalTrain = split.validation === "out_of_time" ? splits[0].train : () => true;
  final ??= trainOn(design, P, finalTrain, train);
  clock("solve_ms", t0);
  step("measuring on held-out leads");
  let nTrain = 0;
  for (let r = 0; r < P.rows; r++) if (finalTrain(r)) nTrain += P.leads[r];
  const held = (a: Float64Array) => a.subarray(0, nTest);
  const metrics = heldOutMetrics(
    weightedRows(held(test.leads), held(test.conversions), held(test.p), held(test.raw)),
    split.validation,
    nTrain,
  );
  const leaks = encoding.attributes.map((a, j) => leakageAuc(P, j, a.levels, splits));
  const singles = leaks.map((l) => l.all);
  leaks.forEach((l, j) => {
    const name = encoding.attributes[j].name;
    const why =
      "An attribute that predicts this well on its own is usually recorded after the outcome (e.g. a sales tag); check it before trusting the model.";
    if (l.all !== null && l.all >= cfg.leakage_auc) {
      warnings.push(
        `Possible leakage: ${name} alone reaches a held-out AUC of ${l.all.toFixed(3)} (≥ ${cfg.leakage_auc}). ${why}`,
      );
    } else if (l.recorded !== null && l.recorded >= cfg.leakage_auc) {
      warnings.push(
        `Possible leakage: ${name} alone reaches a held-out AUC of ${l.recorded.toFixed(3)} (≥ ${cfg.leakage_auc}) on the leads where it is recorded (${(l.all ?? NaN).toFixed(3)} on all). ${why}`,
      );
    }
  });
  warnings.push(...suspiciousInputWarnings(encoding.attributes, leaks, cfg.leakage_auc));
  const artifact = assemble({
    cfg,
    inputs,
    encoding,
    P,
    final,
    finalTrain,
    metrics,
    singles,
    warnings,
    split,
    timings,
  });
  return artifact;
}

/** Drops inputs with a single populated level (e.g. a flag that is "no" for every lead): they carry no information. */
export function dropConstant(encoding: Encoding, warnings: string[]): Encoding {
  const kept = encoding.attributes.filter((a) => a.levels.filter((l) => l.leads > 0).length >= 2);
  const left = encoding.attributes.filter((a) => !kept.includes(a));
  // A single populated level is either one value, or every value pooled into `other` for being rare.
  const pooled = (a: (typeof left)[number]) => a.levels.some((l) => l.leads > 0 && l.condition.kind === "other");
  const dropped = left.filter((a) => !pooled(a)).map((a) => a.name);
  const rare = left.filter(pooled).map((a) => a.name);
  if (dropped.length)
    warnings.push(`Left out (one value for every training lead, so no information): ${dropped.join(", ")}.`);
  if (rare.length)
    warnings.push(
      `Left out (every value has fewer training leads than min_level_count, ${encoding.options.minLevelCount}, so all were pooled into one level): ${rare.join(", ")}. Lower min_level_count in scoring.yml to use them.`,
    );
  if (kept.length === 0)
    throw new UserError(
      "No model input varies across the training leads: every attribute has a single value. Check the attributes (leadlens ingest) or list others in scoring.yml.",
    );
  return { ...encoding, attributes: kept };
}

interface Parts {
  cfg: typeof FIT_DEFAULTS & ScoringConfig;
  inputs: InputSpec[];
  encoding: Encoding;
  P: Patterns;
  final: Trained;
  finalTrain: (r: number) => boolean;
  metrics: ModelArtifact["metrics"];
  singles: Array<number | null>;
  warnings: string[];
  split: SplitInfo;
  timings: Record<string, number>;
}

function assemble(x: Parts): ModelArtifact {
  const { cfg, encoding, P, final, metrics, split } = x;
  const map = columnMap(encoding);
  const coefOf = (j: number, i: number) => (map[j][i] < 0 ? 0 : final.fit.coef[1 + map[j][i]]);
  // A level with no training leads has no estimate: coefficient 0 (scored as the reference), no SE.
  const seOf = (j: number, i: number) =>
    map[j][i] < 0 || encoding.attributes[j].levels[i].leads === 0 ? null : final.fit.se[1 + map[j][i]];
  const baseOdds = typeof cfg.base_odds === "string" ? parseOdds(cfg.base_odds) : cfg.base_odds;
  const card: Scorecard = scorecard(
    {
      intercept: final.fit.coef[0],
      attributes: encoding.attributes.map((a, j) => ({
        name: a.name,
        role: a.role,
        levels: a.levels.map((l, i) => ({ level: l.level, condition: l.condition, coef: coefOf(j, i), n: l.leads })),
      })),
    },
    { baseScore: cfg.base_score, baseOdds, pdo: cfg.pdo },
  );
  const attributes: ArtifactAttribute[] = encoding.attributes.map((a, j) => ({
    name: a.name,
    role: a.role,
    kind: a.kind,
    source: a.source,
    reference: a.reference,
    information_value: a.informationValue,
    single_auc: x.singles[j],
    levels: a.levels.map((l, i) => ({
      level: l.level,
      condition: l.condition,
      coef: coefOf(j, i),
      se: seOf(j, i),
      points: card.attributes[j].levels[i].points,
      leads: l.leads,
      conversions: l.conversions,
    })),
  }));
  const { min, max } = pointsRange({
    base: card.base,
    attributes: attributes.map((a) => ({
      name: a.name,
      role: a.role,
      levels: a.levels.map((l) => ({ ...l, n: l.leads })),
    })),
  });
  const points_table: ModelArtifact["points_table"] = [];
  for (let pts = min; pts <= max; pts++) {
    points_table.push({
      points: pts,
      probability: applyCalibration(final.calibration.calibration, pointsToLogOdds(pts, card.scaling)),
    });
  }
  const grade_cuts = trainingGradeCuts(attributes, P, x.finalTrain);
  const created = new Date();
  const fingerprint = P.fingerprint;
  const model_id = `m-${created.toISOString().replace(/[-:]/g, "").slice(0, 15)}-${createHash("sha256")
    .update(fingerprint + JSON.stringify(cfg))
    .digest("hex")
    .slice(0, 8)}`;
  const leads = P.leads.reduce((s, v) => s + v, 0);
  return {
    format_version: FORMAT_VERSION,
    model_id,
    created_at: created.toISOString(),
    spec: { ...cfg, attributes: x.inputs },
    encoding: {
      min_level_count: encoding.options.minLevelCount,
      min_level_share: encoding.options.minLevelShare,
      bins: encoding.options.bins,
      activity_half_life_days: encoding.options.activityHalfLifeDays,
      score_at_days: x.inputs.some((i) => i.source === "activity") ? momentDays(parseScoreAt(cfg.score_at)) : null,
    },
    attributes,
    intercept: { coef: final.fit.coef[0], se: final.fit.se[0] },
    covariance: final.fit.cov,
    penalty: { C: final.penalty.C, lambda: 1 / final.penalty.C, cv_log_loss: final.penalty.table },
    calibration: {
      ...final.calibration.calibration,
      chosen_by: final.calibration.chosenBy,
      cv_log_loss: final.calibration.cvLogLoss,
    },
    points: {
      base: card.base,
      base_score: card.scaling.baseScore,
      base_odds: card.scaling.baseOdds,
      pdo: card.scaling.pdo,
      factor: card.scaling.factor,
      offset: card.scaling.offset,
      anchor: card.scaling.anchor,
      min,
      max,
    },
    points_table,
    grade_cuts,
    metrics,
    warnings: x.warnings,
    training_window: {
      as_of: split.asOf,
      maturity_days: cfg.maturity_days,
      created_from: split.createdFrom,
      created_to: split.createdTo,
      test_from: split.testFrom,
      test_to: split.testTo,
    },
    patterns: { rows: P.rows, leads, compression: P.rows / Math.max(1, leads), aggregated: cfg.aggregate !== "rows" },
    data_fingerprint: fingerprint,
    timings: x.timings,
  };
}

/**
 * Quartile cuts of the training leads' fit and intent points (lib/qualify), weighted by leads per
 * pattern. Patterns with the same (fit, intent) totals are merged first (their weights summed), so
 * gradeCuts sees one entry per distinct pair instead of one per pattern (millions when patterns
 * barely repeat). The cuts are the same: weights are whole lead counts, so every sum is exact in
 * any order.
 */
function trainingGradeCuts(attributes: ArtifactAttribute[], P: Patterns, train: (r: number) => boolean) {
  const byPair = new Map<string, { fit: number; intent: number; w: number }>();
  const roles = attributes.map((a) =>
    a.role.startsWith("fit.") ? "fit" : a.role.startsWith("intent.") ? "intent" : null,
  );
  for (let r = 0; r < P.rows; r++) {
    if (!train(r)) continue;
    let f = 0;
    let i = 0;
    attributes.forEach((a, j) => {
      const pts = a.levels[P.codes[j][r]].points;
      if (roles[j] === "fit") f += pts;
      else if (roles[j] === "intent") i += pts;
    });
    const key = `${f} ${i}`;
    const pair = byPair.get(key);
    if (pair) pair.w += P.leads[r];
    else byPair.set(key, { fit: f, intent: i, w: P.leads[r] });
  }
  const pairs = [...byPair.values()];
  return gradeCuts(
    pairs.map((p) => p.fit),
    pairs.map((p) => p.intent),
    pairs.map((p) => p.w),
  );
}
