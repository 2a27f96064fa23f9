import type { Command } from "commander";
import { dbOption, jsonOption } from "../options.ts";
import { progress } from "../progress.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import type { ModelArtifact, ScoringConfig } from "../../lib/model/index.ts";

/** The `leadlens fit --json` object: the headline numbers and the points per level. */
export function fitSummary(m: ModelArtifact) {
  const x = m.metrics;
  return {
    model_id: m.model_id,
    validation: x.validation,
    n_train: x.n_train,
    n_test: x.n_test,
    conversions_test: x.conversions_test,
    auc: x.auc,
    auc_ci: x.auc_ci,
    average_precision: x.average_precision,
    brier: x.brier,
    log_loss: x.log_loss,
    ks: x.ks,
    ece: x.ece,
    ece_before: x.ece_before,
    calibration: m.calibration.method,
    penalty_C: m.penalty.C,
    base_points: m.points.base,
    attributes: m.attributes.map((a) => ({
      name: a.name,
      role: a.role,
      information_value: a.information_value,
      single_auc: a.single_auc,
      levels: a.levels.map((l) => ({ level: l.level, points: l.points, coef: l.coef, se: l.se, leads: l.leads })),
    })),
    warnings: m.warnings,
    patterns: m.patterns,
    training_window: m.training_window,
    timings_ms: m.timings,
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const n0 = (x: number) => Math.round(x).toLocaleString("en-US");

/** The readable summary printed without --json. */
export function fitText(m: ModelArtifact, saved: string): string {
  const x = m.metrics;
  const w = m.training_window;
  const lines = [
    `Model ${m.model_id}`,
    x.validation === "out_of_time"
      ? `Validation: out of time. Trained on ${n0(x.n_train)} leads created ${w.created_from?.slice(0, 10)} … before ${w.test_from?.slice(0, 10)}; tested on the ${n0(x.n_test)} newest (${w.test_from?.slice(0, 10)} … ${w.test_to?.slice(0, 10)}, ${n0(x.conversions_test)} converted).`
      : `Validation: stratified k-fold. Every one of ${n0(x.n_test)} leads (${n0(x.conversions_test)} converted) predicted by a model that did not see it.`,
    `Held-out AUC ${f3(x.auc)} (95% CI ${f3(x.auc_ci[0])}–${f3(x.auc_ci[1])}), average precision ${f3(x.average_precision)}, Brier ${f3(x.brier)}, log loss ${f3(x.log_loss)}, KS ${f3(x.ks)}.`,
    `Calibration: ${m.calibration.method} (${m.calibration.chosen_by}); ECE ${f3(x.ece_before)} before, ${f3(x.ece)} after.`,
    `Penalty C = ${m.penalty.C} (cross-validated). Patterns: ${n0(m.patterns.rows)} rows for ${n0(m.patterns.leads)} leads (compression ${m.patterns.compression.toFixed(3)}).`,
    `Points: base ${m.points.base}; ${m.points.pdo} points double the odds; a lead scores ${m.points.min} to ${m.points.max}.`,
    "",
    "Attributes by information value:",
  ];
  for (const a of [...m.attributes].sort((p, q) => q.information_value - p.information_value)) {
    const lv = a.levels
      .filter((l) => l.leads > 0)
      .map((l) => `${l.level} ${l.points > 0 ? "+" : ""}${l.points}`)
      .join(", ");
    lines.push(`  ${a.name} (${a.role}) IV ${f3(a.information_value)}: ${lv}`);
  }
  if (m.warnings.length) {
    lines.push("", "Warnings:");
    for (const warning of m.warnings) lines.push(`  - ${warning}`);
  }
  lines.push("", saved);
  return lines.join("\n");
}

/** The source config of `--pushdown`: it must read its leads from PostgreSQL. */
async function pushdownSource(path: string) {
  const { loadConfig } = await import("../../loaders/config/index.ts");
  const { config } = loadConfig(path);
  if (!config.leads.postgres) {
    throw new UserError(
      `${path}: fit --pushdown needs a source config whose leads come from PostgreSQL (leads.postgres: { table: … } or { query: … }).`,
    );
  }
  return config;
}

/** Registers `leadlens fit`. */
export function register(program: Command): void {
  program
    .command("fit")
    .description("fit, validate (held-out) and calibrate the lead-scoring model; store it in the models table")
    .option(
      "--config <file>",
      "scoring.yml (inputs, validation, calibration, points scaling; see docs/scoring.md); default: every fit.* and intent.* attribute",
    )
    .option(...dbOption)
    .option("--out <file>", "also write the model JSON to this file")
    .option(
      "--pushdown <source.yml>",
      "aggregate inside PostgreSQL: fit on the leads of this source config's leads.postgres table/query (connection from PG* only); only pattern counts come back",
    )
    .option(...jsonOption)
    .action(async (o: { config?: string; db: string; out?: string; pushdown?: string; json?: boolean }) => {
      const [{ openStore, requireLeads }, { fitModel, readScoringConfig, saveModel, writeModelFile }] =
        await Promise.all([import("../../lib/store/index.ts"), import("../../lib/model/index.ts")]);
      const config: ScoringConfig = o.config ? readScoringConfig(o.config) : {};
      // With --pushdown the leads stay in PostgreSQL: the store only receives the model.
      const store = await openStore(o.db, { mustExist: !o.pushdown });
      if (!o.pushdown) await requireLeads(store, o.db);
      try {
        const bar = progress("Fitting", { quiet: !!o.json });
        const onStep = (s: string) => {
          if (!o.json && process.stderr.isTTY) process.stderr.write(`\rFitting: ${s}…\x1b[K`);
        };
        const model = o.pushdown
          ? await (await import("../../loaders/postgres/fit.ts")).fitModelPushdown(
              config,
              await pushdownSource(o.pushdown),
              { onStep },
            )
          : await fitModel(store.conn, config, { onStep });
        bar.end(model.model_id);
        await saveModel(store.conn, model);
        if (o.out) writeModelFile(o.out, model);
        const saved = `Saved to the models table${o.out ? ` and ${o.out}` : ""}. Score leads with \`leadlens score\`.`;
        process.stdout.write(o.json ? `${JSON.stringify(fitSummary(model))}\n` : `${fitText(model, saved)}\n`);
      } finally {
        await store.close();
      }
    });
}
