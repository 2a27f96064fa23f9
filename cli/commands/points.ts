import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens points`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("points")
    .description("(points: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens points` is not built yet in this version.");
    });
}
