import type { Command } from "commander";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens ingest`. Placeholder until its issue lands: it says so plainly. */
export function register(program: Command): void {
  program
    .command("ingest")
    .description("(ingest: not built yet)")
    .allowUnknownOption()
    .action(() => {
      throw new UserError("`leadlens ingest` is not built yet in this version.");
    });
}
