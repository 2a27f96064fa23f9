import type { Command } from "commander";
import { dbOption } from "../options.ts";
import { parsePort } from "./report/options.ts";

/** Registers `leadlens tune`: the private tuning workspace over the local store, on 127.0.0.1 until interrupted. */
export function register(program: Command): void {
  program
    .command("tune")
    .description(
      "a private workspace on 127.0.0.1: edit every input's points and the MQL/SQL thresholds, see AUC, gains and volumes live, export the table",
    )
    .option(...dbOption)
    .option("--port <port>", "port on 127.0.0.1 (0 picks a free one)", "3001")
    .option("--rubric <file>", "your current points (CSV or JSON points format) to compare with")
    .option(
      "--model <file>",
      "model JSON written by `leadlens fit --out` (default: the latest model in the models table)",
    )
    .action(async (o: { db: string; port: string; rubric?: string; model?: string }) => {
      const port = parsePort(o.port);
      // Imported here, not at the top: every module a command file imports loads on every start.
      const [
        { openStore },
        { loadModel, readModelFile },
        { knownAttributes, readRubric },
        { workspaceData },
        { serveWorkspace },
      ] = await Promise.all([
        import("../../lib/store/index.ts"),
        import("../../lib/model/index.ts"),
        import("../../lib/scorecard/index.ts"),
        import("../../lib/report/tune/workspace.ts"),
        import("../../lib/report/tune/workspaceSite.ts"),
      ]);
      const store = await openStore(o.db, { readOnly: true });
      let data: Awaited<ReturnType<typeof workspaceData>>;
      try {
        const model = o.model ? readModelFile(o.model) : await loadModel(store.conn);
        const rubric = o.rubric
          ? { file: o.rubric, rubric: readRubric(o.rubric, await knownAttributes(store.conn)) }
          : undefined;
        data = await workspaceData(store.conn, model, rubric);
      } finally {
        await store.close();
      }
      const ws = await serveWorkspace(data, port);
      const n = data.patterns.leads.reduce((s, x) => s + x, 0);
      process.stdout.write(
        `The tuning workspace for ${data.model_id} (${n.toLocaleString("en-US")} ${data.scope} leads) is served at ${ws.url} (Ctrl-C stops it and removes ${ws.dir}).\n`,
      );
      await new Promise<void>((done) => {
        const stop = () => void ws.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
