import type { Command } from "commander";
import { register as build } from "./report/build.ts";
import { register as preview } from "./report/preview.ts";
import { register as exportCharts } from "./report/export.ts";

/** Registers `leadlens report <build|preview|export>`; each subcommand lives in its own file. */
export function register(program: Command): void {
  const report = program.command("report").description("build, preview and export the published report site");
  for (const sub of [build, preview, exportCharts]) sub(report);
}
