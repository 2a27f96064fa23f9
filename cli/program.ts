import { Command, CommanderError } from "commander";
import { isUserError } from "../lib/errors/UserError.ts";
import { damagedStore } from "../lib/store/damaged.ts";
import { commands } from "./commands/index.ts";
import { unknownCommandError } from "./unknown.ts";

/**
 * A commander Command whose unknown subcommands (`leadlens socre`, `leadlens help socre`) are a user
 * error naming the command and the nearest real one. Overrides two commander 14 methods that are
 * not in its typings (`unknownCommand`, `_dispatchHelpCommand`); test/cli/program.test.ts checks them.
 */
class LeadlensCommand extends Command {
  override createCommand(name?: string): Command {
    return new LeadlensCommand(name);
  }

  unknownCommand(): never {
    throw unknownCommandError(this, String(this.args[0]));
  }

  _dispatchHelpCommand(name?: string): unknown {
    if (name && !this.commands.some((c) => c.name() === name || c.aliases().includes(name)))
      throw unknownCommandError(this, name);
    // @ts-expect-error commander's own (private) help dispatch
    return super._dispatchHelpCommand(name);
  }
}

/** Builds the `leadlens` program with every command registered. No side effects: tests call it in-process. */
export function program(): Command {
  const p = new LeadlensCommand("leadlens")
    .description(
      "Lead-qualification analytics: ingest CRM exports, fit and calibrate lead scoring, publish an honest report.",
    )
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
    // A store file DuckDB cannot read fails at whichever query first reaches the bad block: the user's to fix, not a bug.
    const user = isUserError(e) ? e : damagedStore(e);
    if (user) {
      process.stderr.write(`leadlens: ${user.message}${user.hint ? `\n${user.hint}` : ""}\n`);
      return 1;
    }
    const err = e as Error;
    process.stderr.write(`leadlens: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.LEADLENS_DEBUG) process.stderr.write(`${err?.stack ?? ""}\n`);
    else process.stderr.write("This is a bug in leadlens; set LEADLENS_DEBUG=1 to see where it happened.\n");
    return 2;
  }
}
