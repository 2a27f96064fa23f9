import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens init`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("init")
    .description("(init: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens init` is not built yet in this version.");
    });
}
