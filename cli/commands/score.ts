import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens score`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("score")
    .description("(score: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens score` is not built yet in this version.");
    });
}
