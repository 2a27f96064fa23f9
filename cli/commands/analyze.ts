import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens analyze`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("analyze")
    .description("(analyze: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens analyze` is not built yet in this version.");
    });
}
