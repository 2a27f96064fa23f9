import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens analyze segments`. Placeholder until its issue lands: it says so plainly. */
export function register(analyze: Command): void {
  analyze
    .command("segments")
    .description("(segments: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens analyze segments` is not built yet in this version.");
    });
}
