import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens analyze funnel`. Placeholder until its issue lands: it says so plainly. */
export function register(analyze: Command): void {
  analyze
    .command("funnel")
    .description("(funnel: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens analyze funnel` is not built yet in this version.");
    });
}
