import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens report`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("report")
    .description("(report: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens report` is not built yet in this version.");
    });
}
