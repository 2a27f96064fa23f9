import type { Command } from "commander";
import { dbOption } from "../../options.ts";
import { progress, type Progress } from "../../progress.ts";
import { DEFAULT_MIN_CELL, DEFAULT_OUT } from "../../../lib/report/paths.ts";
import { parseMinCell } from "./options.ts";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens report build`: vendors npm packages, runs the data loaders, writes the site. */
export function register(report: Command): void {
  report
    .command("build")
    .description("build the report site (no network needed) from the leadlens database")
    .option(...dbOption)
    .option("--out <dir>", "output folder for the site", DEFAULT_OUT)
    .option("--min-cell <k>", "suppress every published cell with fewer than k leads", String(DEFAULT_MIN_CELL))
    .option(
      "--rubric <file>",
      "your current points (CSV attribute,condition,points or JSON points format): shown beside the fitted model",
    )
    .option("--rubric-mql <points>", "your current MQL threshold in rubric points (with --rubric)")
    .option(
      "--rules <file>",
      "disqualification rules (YAML, as for `leadlens analyze qualify --rules`): shown with the converters each would lose",
    )
    .option("--verbose", "show Framework's own build output")
    .option("--json", "print what was built as one JSON object")
    .action(
      async (opts: {
        db: string;
        out: string;
        minCell: string;
        rubric?: string;
        rubricMql?: string;
        rules?: string;
        verbose?: boolean;
        json?: boolean;
      }) => {
        const rubricMql = opts.rubricMql === undefined ? undefined : Number(opts.rubricMql);
        if (rubricMql !== undefined && !Number.isFinite(rubricMql))
          throw new UserError(`--rubric-mql: expected a number of points, got "${opts.rubricMql}".`);
        const steps = new Map<string, Progress>();
        const { buildReport } = await import("../../../lib/report/build.ts");
        const result = await buildReport({
          db: opts.db,
          out: opts.out,
          minCell: parseMinCell(opts.minCell),
          rubric: opts.rubric,
          rubricMql,
          rules: opts.rules,
          verbose: opts.verbose,
          onStep(step, state, detail) {
            if (state === "start") steps.set(step, progress(step));
            else steps.get(step)?.end(detail);
          },
        });
        if (opts.json)
          process.stdout.write(`${JSON.stringify({ out: result.out, db: result.db, min_cell: result.minCell })}\n`);
        else
          process.stdout.write(
            `${result.log.trim()}\n\nThe report is in ${result.out}. Serve it with: leadlens report preview --dir ${opts.out}\n`,
          );
      },
    );
}
