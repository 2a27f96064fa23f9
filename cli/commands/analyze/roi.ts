import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens analyze roi`. Placeholder until its issue lands: it says so plainly. */
export function register(analyze: Command): void {
  analyze
    .command("roi")
    .description("(roi: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens analyze roi` is not built yet in this version.");
    });
}
