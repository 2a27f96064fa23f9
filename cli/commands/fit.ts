import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens fit`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("fit")
    .description("(fit: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens fit` is not built yet in this version.");
    });
}
