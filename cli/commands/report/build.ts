import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";

/** Registers `leadlens report build`. Placeholder until its issue lands: it says so plainly. */
export function register(report: Command): void {
  report
    .command("build")
    .description("(build: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens report build` is not built yet in this version.");
    });
}
