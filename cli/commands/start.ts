import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens start`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("start")
    .description("(start: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens start` is not built yet in this version.");
    });
}
