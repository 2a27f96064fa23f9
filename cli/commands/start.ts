import type { Command } from "commander";
import { existsSync } from "node:fs";
import { dbOption } from "../options.ts";
import { progress } from "../progress.ts";
import type { StepResult } from "../../lib/report/start.ts";
import { DEFAULT_MIN_CELL, DEFAULT_OUT, PROJECT_DIR } from "../../lib/report/paths.ts";
import { join } from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import { parseMinCell, parsePort } from "./report/options.ts";

/**
 * Registers `leadlens start` (what `npm start` runs): demo data → ingest → fit → score → report
 * build → preview, with progress for each step and the URL at the end.
 */
export function register(program: Command): void {
  program
    .command("start")
    .description("run the whole job on demo data: ingest, fit, score, build the report and serve it on 127.0.0.1")
    .option(...dbOption)
    .option("--out <dir>", "output folder for the site", DEFAULT_OUT)
    .option("--port <port>", "port on 127.0.0.1 for the preview (0 picks a free one)", "3000")
    .option("--min-cell <k>", "suppress every published cell with fewer than k leads", String(DEFAULT_MIN_CELL))
    .option("--no-serve", "stop after building (do not start the preview server)")
    .action(async (opts: { db: string; out: string; port: string; minCell: string; serve: boolean }) => {
      const minCell = parseMinCell(opts.minCell);
      const port = parsePort(opts.port);
      const [{ buildReport }, { serveReport }, { runStep }] = await Promise.all([
        import("../../lib/report/build.ts"),
        import("../../lib/report/serve.ts"),
        import("../../lib/report/start.ts"),
      ]);
      const results: StepResult[] = [];
      const steps: [string, string[]][] = [
        ["1/5 ingest demo data", ["ingest", "demo", "--db", opts.db]],
        ["2/5 fit the scoring model", ["fit", "--db", opts.db]],
        ["3/5 score the leads", ["score", "--db", opts.db]],
      ];
      for (const [label, args] of steps) {
        const p = progress(label);
        const r = await runStep(label, args);
        results.push(r);
        p.end(r.status === "done" ? "done" : `${r.status}: ${r.detail}`);
      }
      if (!existsSync(opts.db)) {
        throw new UserError(
          `There is no database at ${opts.db} after the ingest step (${results[0].detail}). Ingest data first, e.g. \`leadlens ingest demo\`.`,
        );
      }
      // The demo ships a hand-made rubric and disqualification rules: show them beside the model.
      const examples = join(PROJECT_DIR, "data", "examples");
      const rubric = join(examples, "rubric-demo.csv");
      const rules = join(examples, "rules-demo.yml");
      const build = progress("4/5 build the report");
      await buildReport({
        db: opts.db,
        out: opts.out,
        minCell,
        rubric: existsSync(rubric) ? rubric : undefined,
        rules: existsSync(rules) ? rules : undefined,
      });
      build.end(opts.out);
      const failed = results.filter((r) => r.status !== "done");
      if (failed.length) {
        process.stdout.write(
          `Steps that failed: ${failed.map((r) => r.step.slice(4)).join("; ")} (their messages are above). The report says plainly what it could not show.\n`,
        );
      }
      if (!opts.serve) return;
      const preview = await serveReport(opts.out, port);
      process.stdout.write(`5/5 the leadlens report is served at ${preview.url} (Ctrl-C stops it).\n`);
      await new Promise<void>((done) => {
        const stop = () => void preview.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
