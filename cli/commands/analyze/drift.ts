import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens analyze drift`. Placeholder until its issue lands: it says so plainly. */
export function register(analyze: Command): void {
  analyze
    .command("drift")
    .description("(drift: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens analyze drift` is not built yet in this version.");
    });
}
