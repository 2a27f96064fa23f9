// The `leadlens` process: runs cli/program.ts on the command line and sets the exit code. The
// only module with side effects; everything else is importable in-process (tests do).
import { main } from "./program.ts";

// `leadlens … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
