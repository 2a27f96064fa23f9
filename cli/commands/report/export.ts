import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens report export`. Placeholder until its issue lands: it says so plainly. */
export function register(report: Command): void {
  report
    .command("export")
    .description("(export: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens report export` is not built yet in this version.");
    });
}
