import type { Command } from "commander";
import { existsSync } from "node:fs";
import { UserError } from "../../lib/errors/UserError.ts";
import type { IngestResult } from "../../loaders/index.ts";
import { PRESETS } from "../../loaders/presets/names.ts";
import { dbOption, jsonOption } from "../options.ts";
import { progress, type Progress } from "../progress.ts";

interface IngestFlags {
  db: string;
  json?: boolean;
  dir?: string;
  file?: string;
  leads?: string;
  seed?: string;
  force?: boolean;
}

/** Registers `leadlens ingest <config.yml|preset>`. */
export function register(program: Command): void {
  program
    .command("ingest")
    .description(
      "load a CRM export into the leadlens database: every row is loaded or rejected with a reason, in one transaction",
    )
    .argument(
      "<source>",
      `a source config (YAML, see docs/sources.md) or a preset: ${Object.keys(PRESETS).join(", ")}, demo`,
    )
    .option(...dbOption)
    .option(...jsonOption)
    .option("--dir <folder>", "olist preset: the folder holding the two Olist CSVs")
    .option("--file <path>", "x-education preset: the Leads.csv file")
    .option("--leads <n>", "demo preset: number of leads (default 50000)")
    .option("--seed <n>", "demo preset: random seed (default 1)")
    .option("--force", "load even when the same files were already the latest load of this source")
    .addHelpText(
      "after",
      "\nExamples:\n  leadlens ingest data/examples/hubspot/source.yml\n  leadlens ingest olist --dir ../shared/data/olist-marketing-funnel\n  leadlens ingest x-education --file ../shared/data/x-education-leads/Leads.csv\n  leadlens ingest demo --leads 50000 --seed 1 --json",
    )
    .action(async (source: string, flags: IngestFlags) => {
      const { loaded, meta } = await resolveSource(source, flags);
      const [{ openStore }, { ingest }] = await Promise.all([
        import("../../lib/store/index.ts"),
        import("../../loaders/index.ts"),
      ]);
      const store = await openStore(flags.db);
      let step: Progress | undefined;
      let label = "";
      try {
        const result = await ingest(store.conn, loaded, {
          force: flags.force,
          meta,
          onStep: (m) => {
            step?.end();
            step = progress(m);
            label = m;
          },
          onProgress: (pct) => showPercent(label, pct),
        });
        step?.end();
        step = undefined;
        process.stdout.write(flags.json ? `${JSON.stringify(jsonShape(result))}\n` : summary(result, flags.db));
      } finally {
        step?.end("stopped");
        await store.close();
      }
    });
}

async function resolveSource(source: string, flags: IngestFlags) {
  if (source === "demo") return (await import("./ingest-demo.ts")).prepareDemo(flags);
  const { loadConfig, loadPreset } = await import("../../loaders/index.ts");
  if (source in PRESETS) return { loaded: loadPreset(source, flags), meta: undefined };
  if (!existsSync(source) && !/\.ya?ml$/i.test(source)) {
    throw new UserError(
      `"${source}" is neither a config file nor a preset (${Object.keys(PRESETS).join(", ")}, demo).`,
    );
  }
  return { loaded: loadConfig(source), meta: undefined };
}

/** The --json object: exactly the documented keys, plus `status`. */
function jsonShape(r: IngestResult) {
  return {
    run_id: r.run_id,
    source: r.source,
    status: r.status,
    rows_read: r.rows_read,
    rows_loaded: r.rows_loaded,
    rows_rejected: r.rows_rejected,
    tables: r.tables,
  };
}

const n = (x: number) => x.toLocaleString("en-US");

/** DuckDB's progress of the running statement, redrawn on the step's line (terminals only). */
function showPercent(label: string, pct: number): void {
  if (!process.stderr.isTTY || process.env.LEADLENS_QUIET) return;
  process.stderr.write(`\r${label}… ${Math.floor(pct)}%`);
}

/** The human summary: counts per file, table sizes, top reject reasons and where to see them. */
export function summary(r: IngestResult, db: string): string {
  const t = r.tables;
  const tables = `tables now: leads ${n(t.leads)}, stage_events ${n(t.stage_events)}, outcomes ${n(t.outcomes)}, activities ${n(t.activities)}, spend ${n(t.spend)}`;
  if (r.status === "unchanged") {
    return `${r.source}: unchanged — the same files were already loaded (run ${r.run_id} recorded; use --force to load again).\n${tables}\n`;
  }
  const lines = [
    `${r.source}: ${n(r.rows_read)} rows read, ${n(r.rows_loaded)} loaded, ${n(r.rows_rejected)} rejected (run ${r.run_id}).`,
  ];
  for (const f of r.files)
    lines.push(
      `  ${f.part.padEnd(12)} ${n(f.rows_read)} read, ${n(f.rows_loaded)} loaded, ${n(f.rows_rejected)} rejected  ${f.file}`,
    );
  lines.push(tables);
  if (r.as_of) lines.push(`as of ${r.as_of} (open leads are censored here)`);
  for (const note of r.notes) lines.push(note);
  if (r.reject_reasons.length) {
    lines.push("top reject reasons:");
    for (const x of r.reject_reasons.slice(0, 5)) lines.push(`  ${n(x.rows).padStart(8)}  ${x.reason}`);
    lines.push(
      `see them (SQL on ${db}): SELECT * FROM rejects WHERE run_id = '${r.run_id}' ORDER BY source_file, source_row`,
    );
  }
  if (r.flags) {
    lines.push(
      `${n(r.flags)} loaded row(s) carry a data-quality note: SELECT * FROM quality_flags WHERE run_id = '${r.run_id}'`,
    );
  }
  return `${lines.join("\n")}\n`;
}
