import type { Command } from "commander";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { UserError } from "../../lib/errors/UserError.ts";

/** Registers `leadlens init <file>`: writes a commented starter source config for a CSV. */
export function register(program: Command): void {
  program
    .command("init")
    .description(
      "sniff a CSV export and write a commented starter source config (guessed types, roles, missing tokens) to edit",
    )
    .argument("<file>", "the CSV export")
    .option("--out <path>", "where to write the config", "source.yml")
    .option("--force", "overwrite --out if it exists")
    .addHelpText(
      "after",
      "\nExample:\n  leadlens init exports/Leads.csv --out exports/source.yml\n  leadlens ingest exports/source.yml",
    )
    .action(async (file: string, flags: { out: string; force?: boolean }) => {
      if (existsSync(flags.out) && !flags.force)
        throw new UserError(`${flags.out} exists already; pass --force to overwrite it, or choose another --out.`);
      const [{ DuckDBInstance }, { initConfig }, { loadConfig }] = await Promise.all([
        import("@duckdb/node-api"),
        import("../../loaders/init/index.ts"),
        import("../../loaders/config/index.ts"),
      ]);
      const instance = await DuckDBInstance.create(":memory:");
      const conn = await instance.connect();
      try {
        const yaml = await initConfig(conn, file, flags.out);
        writeFileSync(flags.out, yaml);
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
      // The starter must itself be a valid config: what init cannot decide is a comment, never a placeholder value.
      loadConfig(flags.out);
      const todo = readFileSync(flags.out, "utf8")
        .split("\n")
        .filter((l) => /^\s*# TODO: /.test(l))
        .map((l) => l.replace(/^\s*# TODO: /, ""));
      process.stdout.write(
        `wrote ${flags.out}: check the lines marked "check", then run \`leadlens ingest ${flags.out}\`.\n`,
      );
      for (const t of todo) process.stdout.write(`TODO ${t}\n`);
    });
}
