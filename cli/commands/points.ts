import type { Command } from "commander";
import { dbOption, jsonOption } from "../options.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import type { RubricComparison } from "../../lib/scorecard/index.ts";

/** The library the actions use, loaded when one runs (not while `leadlens --help` registers commands). */
async function lib() {
  const [store, model, scorecard, files] = await Promise.all([
    import("../../lib/store/index.ts"),
    import("../../lib/model/index.ts"),
    import("../../lib/scorecard/index.ts"),
    import("../../lib/files/atomic.ts"),
  ]);
  return { ...store, ...model, ...scorecard, ...files };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "—");
const n0 = (x: number) => Math.round(x).toLocaleString("en-US");

function compareText(c: RubricComparison, file: string): string {
  const a = c.auc;
  const p = a.difference.p_value < 0.001 ? "p < 0.001" : `p = ${a.difference.p_value.toFixed(3)}`;
  const lines = [
    `Your current points (${file}) vs the fitted model, on the same held-out leads:`,
    `  ${c.held_out}: ${n0(c.leads)} leads, ${n0(c.converted)} converted (${pct(c.converted / c.leads)}).`,
    "",
    `  ${"".padEnd(22)}${"current points".padEnd(25)}fitted model`,
    `  ${"AUC (95% CI)".padEnd(22)}${`${f3(a.rubric.auc)} (${f3(a.rubric.low)}–${f3(a.rubric.high)})`.padEnd(25)}${f3(a.model.auc)} (${f3(a.model.low)}–${f3(a.model.high)})`,
    ...c.gains.map(
      (g) =>
        `  ${`top ${Math.round(g.share * 100)}% captures`.padEnd(22)}${`${pct(g.rubric.capture)} of converters`.padEnd(25)}${pct(g.model.capture)} of converters`,
    ),
    "",
    `  Fitted − current AUC: ${a.difference.value >= 0 ? "+" : ""}${f3(a.difference.value)} (95% CI ${f3(a.difference.low)} to ${f3(a.difference.high)}, paired DeLong, ${p}).`,
  ];
  if (c.mql) {
    const row = (label: string, m: NonNullable<RubricComparison["mql"]>["rubric"]) =>
      `  ${label} ≥ ${m.threshold}: ${n0(m.leads)} MQLs (${pct(m.share_of_leads)} of leads), ${pct(m.rate)} convert (${pct(m.low)}–${pct(m.high)}), ${pct(m.capture)} of all converters`;
    lines.push("", row("current points", c.mql.rubric), row("fitted, same volume,", c.mql.model));
  }
  for (const n of c.notes) lines.push(`  Note: ${n}`);
  return lines.join("\n");
}

/** Registers `leadlens points export|compare`. */
export function register(program: Command): void {
  const points = program
    .command("points")
    .description(
      "the points table: export it for a CRM, or compare your current hand-made points with the fitted model",
    );
  points
    .command("export")
    .description(
      "write the model's points (attribute, condition, points; base row first) as CSV or JSON a CRM admin can enter",
    )
    .option(
      "--model <file>",
      "model JSON written by `leadlens fit --out` (default: the latest model in the models table)",
    )
    .option(
      "--format <format>",
      "csv or json (json adds roles, level names, scaling and the points → probability table)",
      "csv",
    )
    .option("--out <file>", "write to this file instead of standard output")
    .option(...dbOption)
    .action(async (o: { model?: string; format: string; out?: string; db: string }) => {
      if (o.format !== "csv" && o.format !== "json")
        throw new UserError(`--format: expected csv or json, got "${o.format}".`);
      const { openStore, loadModel, readModelFile, modelScorecard, toCsv, toJson, writeFileAtomic } = await lib();
      let model: ReturnType<typeof readModelFile>;
      if (o.model) model = readModelFile(o.model);
      else {
        const store = await openStore(o.db, { readOnly: true });
        try {
          model = await loadModel(store.conn);
        } finally {
          await store.close();
        }
      }
      const card = modelScorecard(model);
      const body =
        o.format === "csv"
          ? toCsv(card)
          : `${JSON.stringify({ ...toJson(card), model_id: model.model_id, probability_table: model.points_table }, null, 2)}\n`;
      if (o.out) {
        writeFileAtomic(o.out, body);
        process.stderr.write(
          `Wrote ${card.attributes.reduce((s, a) => s + a.levels.length, 0) + 1} rows of points from ${model.model_id} to ${o.out}.\n`,
        );
      } else process.stdout.write(body);
    });
  points
    .command("compare")
    .description(
      "evaluate your current hand-made points beside the fitted model on the model's held-out leads: AUC with DeLong CI, difference, top-decile gains, MQLs",
    )
    .requiredOption(
      "--rubric <file>",
      "your current points: CSV with attribute, condition, points (see docs/points.md), or the JSON points format",
    )
    .option(
      "--model <file>",
      "model JSON written by `leadlens fit --out` (default: the latest model in the models table)",
    )
    .option(
      "--mql <points>",
      "your current MQL threshold in rubric points: compares MQLs at it with the model's at the same volume",
    )
    .option(...dbOption)
    .option(...jsonOption)
    .action(async (o: { rubric: string; model?: string; mql?: string; db: string; json?: boolean }) => {
      const mql = o.mql === undefined ? undefined : Number(o.mql);
      if (mql !== undefined && !Number.isFinite(mql))
        throw new UserError(`--mql: expected a number of points, got "${o.mql}".`);
      const { openStore, loadModel, readModelFile, compareRubric, heldOutPairs, knownAttributes, readRubric } =
        await lib();
      const store = await openStore(o.db, { readOnly: true });
      try {
        const rubric = readRubric(o.rubric, await knownAttributes(store.conn));
        const model = o.model ? readModelFile(o.model) : await loadModel(store.conn);
        const c = compareRubric(await heldOutPairs(store.conn, model, rubric), { rubricMql: mql });
        process.stdout.write(
          o.json
            ? `${JSON.stringify({ model_id: model.model_id, rubric: o.rubric, ...c })}\n`
            : `${compareText(c, o.rubric)}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
