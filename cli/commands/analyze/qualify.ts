import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens analyze qualify`. Placeholder until its issue lands: it says so plainly. */
export function register(analyze: Command): void {
  analyze
    .command("qualify")
    .description("(qualify: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens analyze qualify` is not built yet in this version.");
    });
}
