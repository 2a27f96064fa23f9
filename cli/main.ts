import { Command, CommanderError } from "commander";
import { isUserError } from "../lib/errors/UserError.ts";
import { commands } from "./commands/index.ts";

/** Builds the `leadlens` program with every command registered. Exported for tests. */
export function program(): Command {
  const p = new Command("leadlens")
    .description("Lead-qualification analytics: ingest CRM exports, fit and calibrate lead scoring, publish an honest report.")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of commands) register(p);
  return p;
}

/** Runs the CLI: exit 0 on success, 1 on a user error (one paragraph, no stack), 2 on an internal error. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version also arrive here, with exit code 0; commander already printed.
      return e.exitCode === 0 ? 0 : 1;
    }
    if (isUserError(e)) {
      process.stderr.write(`leadlens: ${e.message}${e.hint ? `\n${e.hint}` : ""}\n`);
      return 1;
    }
    const err = e as Error;
    process.stderr.write(`leadlens: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.LEADLENS_DEBUG) process.stderr.write(`${err?.stack ?? ""}\n`);
    else process.stderr.write("This is a bug in leadlens; set LEADLENS_DEBUG=1 to see where it happened.\n");
    return 2;
  }
}

// `leadlens … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const code = await main(process.argv.slice(2));
process.exitCode = code;
