import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens report preview`. Placeholder until its issue lands: it says so plainly. */
export function register(report: Command): void {
  report
    .command("preview")
    .description("(preview: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens report preview` is not built yet in this version.");
    });
}
