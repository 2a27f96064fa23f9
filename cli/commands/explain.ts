import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens explain`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("explain")
    .description("(explain: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens explain` is not built yet in this version.");
    });
}
