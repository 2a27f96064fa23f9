import type { Command } from "commander";
import { dbOption } from "../../options.ts";
import { DEFAULT_MIN_CELL } from "../../../lib/report/paths.ts";
import { UserError } from "../../../lib/errors/UserError.ts";
import { parseMinCell } from "./options.ts";

/** Registers `leadlens report export`: the headline charts as SVG files (vega-lite, rendered in Node). */
export function register(report: Command): void {
  report
    .command("export")
    .description("write the report's headline charts as SVG files for slides")
    .option(...dbOption)
    .option("--format <format>", "file format (svg)", "svg")
    .option("--out <dir>", "folder for the chart files", "charts")
    .option("--min-cell <k>", "suppress every cell with fewer than k leads", String(DEFAULT_MIN_CELL))
    .option("--json", "print the written files as JSON")
    .action(async (opts: { db: string; format: string; out: string; minCell: string; json?: boolean }) => {
      if (opts.format !== "svg") throw new UserError(`--format ${opts.format} is not supported: only svg is.`);
      const { exportCharts } = await import("../../../lib/report/export/index.ts");
      const r = await exportCharts({ db: opts.db, out: opts.out, minCell: parseMinCell(opts.minCell) });
      if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        for (const f of r.written) process.stdout.write(`wrote ${f}\n`);
        for (const s of r.skipped) process.stdout.write(`skipped ${s}\n`);
      }
    });
}
