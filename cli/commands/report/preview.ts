import type { Command } from "commander";
import { DEFAULT_OUT } from "../../../lib/report/paths.ts";
import { parsePort } from "./options.ts";

/** Registers `leadlens report preview`: serves the built site on 127.0.0.1 until interrupted. */
export function register(report: Command): void {
  report
    .command("preview")
    .description("serve the built report on 127.0.0.1 (Ctrl-C stops it)")
    .option("--dir <dir>", "the built site folder", DEFAULT_OUT)
    .option("--port <port>", "port on 127.0.0.1 (0 picks a free one)", "3000")
    .action(async (opts: { dir: string; port: string }) => {
      const { serveReport } = await import("../../../lib/report/serve.ts");
      const preview = await serveReport(opts.dir, parsePort(opts.port));
      process.stdout.write(`The leadlens report is served at ${preview.url} (Ctrl-C stops it).\n`);
      await new Promise<void>((done) => {
        const stop = () => void preview.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
