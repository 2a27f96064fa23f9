import type { Command } from "commander";
import { dbOption, jsonOption } from "../../options.ts";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Registers `leadlens analyze drift`. */
export function register(analyze: Command): void {
  analyze
    .command("drift")
    .description(
      "PSI of the score and of each attribute between the model's training window and recent leads; observed vs predicted conversion of the latest mature cohorts",
    )
    .option(...dbOption)
    .option("--model <file>", "model JSON (default: the latest model in the models table)")
    .option(
      "--since <date>",
      "recent leads are those created after this date (default: after the model's training data)",
    )
    .option(...jsonOption)
    .action(async (o: { db: string; model?: string; since?: string; json?: boolean }) => {
      const [{ openStore }, { driftReport, loadModel, readModelFile }] = await Promise.all([
        import("../../../lib/store/index.ts"),
        import("../../../lib/model/index.ts"),
      ]);
      const store = await openStore(o.db);
      try {
        const model = o.model ? readModelFile(o.model) : await loadModel(store.conn);
        const r = await driftReport(store.conn, model, { recentFrom: o.since });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        const lines = [
          `Model ${r.model_id}: training window ${r.training.from?.slice(0, 10)} … ${r.training.to?.slice(0, 10)} (${r.training.leads.toLocaleString("en-US")} leads) vs recent leads after ${r.recent.from.slice(0, 10)} (${r.recent.leads.toLocaleString("en-US")}).`,
          `Score PSI ${r.score.psi.toFixed(3)} (${r.score.reading}; < 0.1 stable, 0.1–0.25 moderate, ≥ 0.25 significant).`,
          "Attribute PSI:",
          ...[...r.attributes]
            .sort((a, b) => b.psi - a.psi)
            .map((a) => `  ${a.name.padEnd(28)} ${a.psi.toFixed(3)}  ${a.reading}`),
          "Latest mature cohorts, observed vs predicted conversion:",
          ...r.cohorts.map(
            (c) =>
              `  ${c.month}  ${c.leads.toLocaleString("en-US").padStart(8)} leads  observed ${pct(c.observed)} (95% CI ${pct(c.low)}–${pct(c.high)})  predicted ${pct(c.predicted)}`,
          ),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      } finally {
        await store.close();
      }
    });
}
