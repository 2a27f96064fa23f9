import type { Command } from "commander";
import { dbOption, jsonOption } from "../options.ts";

/** Registers `leadlens score`. */
export function register(program: Command): void {
  program
    .command("score")
    .description(
      "score every lead with a model (in DuckDB): probability, points, fit/intent points, grade, top reasons → the scores table and --out",
    )
    .option(
      "--model <file>",
      "model JSON written by `leadlens fit --out` (default: the latest model in the models table)",
    )
    .option(...dbOption)
    .option("--out <file>", "also write the scores to a .csv or .parquet file")
    .option("--no-reasons", "skip the top reasons (faster on very large tables)")
    .option(
      "--as-of <date>",
      "score as of this date (YYYY-MM-DD): behaviour counts up to it (or to each lead's decision moment, score_at, when sooner); later activities and leads created after it are left out (default: the data's end)",
    )
    .option(...jsonOption)
    .action(
      async (o: { model?: string; db: string; out?: string; reasons: boolean; json?: boolean; asOf?: string }) => {
        const [{ openStore, all }, { loadModel, readModelFile, scoreLeads }, { parseDate }] = await Promise.all([
          import("../../lib/store/index.ts"),
          import("../../lib/model/index.ts"),
          import("./analyze/shared.ts"),
        ]);
        const asOf = parseDate(o.asOf, "--as-of");
        const store = await openStore(o.db);
        try {
          const model = o.model ? readModelFile(o.model) : await loadModel(store.conn);
          const r = await scoreLeads(store.conn, model, {
            out: o.out,
            reasons: o.reasons,
            asOf: asOf && `${asOf} 23:59:59`,
          });
          const grades = await all<{ grade: string; leads: number; mean_probability: number }>(
            store.conn,
            "SELECT grade, count(*) AS leads, avg(probability) AS mean_probability FROM scores WHERE model_id = $1 GROUP BY 1 ORDER BY 1",
            [model.model_id],
          );
          if (o.json) {
            process.stdout.write(
              `${JSON.stringify({ model_id: model.model_id, leads: r.leads, as_of: asOf ?? null, out: o.out ?? null, seconds: r.ms / 1000, grades })}\n`,
            );
            return;
          }
          const lines = [
            `Scored ${r.leads.toLocaleString("en-US")} leads${asOf ? ` as of ${asOf}` : ""} with ${model.model_id} in ${(r.ms / 1000).toFixed(2)} s → scores table${o.out ? ` and ${o.out}` : ""}.`,
            "Leads per grade (A–D fit × 1–4 intent):",
          ];
          for (const g of grades)
            lines.push(
              `  ${g.grade}  ${g.leads.toLocaleString("en-US").padStart(10)}  mean probability ${(100 * g.mean_probability).toFixed(1)}%`,
            );
          process.stdout.write(`${lines.join("\n")}\n`);
        } finally {
          await store.close();
        }
      },
    );
}
