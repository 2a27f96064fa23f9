import type { Command } from "commander";
import { dbOption, jsonOption } from "../options.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import type { ModelArtifact } from "../../lib/model/index.ts";
import type { Contribution, Explanation } from "../../lib/explain/index.ts";

const signed = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${-x}` : "0");

function probabilityAt(model: ModelArtifact, points: number): number | null {
  return model.points_table.find((r) => r.points === points)?.probability ?? null;
}

function text(e: Explanation & { lead_id: string; probability: number | null }, model: ModelArtifact): string {
  const p = e.probability === null ? "" : `, probability ${(100 * e.probability).toFixed(1)}%`;
  const lines = [`Lead ${e.lead_id}: ${e.points} points${p} (base ${e.base}; model ${model.model_id})`];
  const width = Math.max(10, ...e.contributions.map((c) => `${c.attribute} = ${c.level}`.length));
  const row = (c: Contribution) =>
    `    ${`${c.attribute} = ${c.level || "(no level)"}`.padEnd(width)}  ${signed(c.points).padStart(5)}`;
  lines.push(`  Top positive:${e.top_positive.length ? "" : " none"}`, ...e.top_positive.map(row));
  lines.push(`  Top negative:${e.top_negative.length ? "" : " none"}`, ...e.top_negative.map(row));
  const rest = e.contributions.filter(
    (c) => !e.top_positive.includes(c) && !e.top_negative.includes(c) && c.points !== 0,
  );
  const restSum = rest.reduce((s, c) => s + c.points, 0);
  lines.push(`  Other attributes: ${signed(restSum)} (${rest.length} more non-zero; --json lists every contribution)`);
  lines.push(
    `  ${e.base} base ${e.contributions.reduce((s, c) => s + c.points, 0) >= 0 ? "+" : "−"} ${Math.abs(e.contributions.reduce((s, c) => s + c.points, 0))} from attributes = ${e.points} points`,
  );
  return lines.join("\n");
}

/** Registers `leadlens explain`. */
export function register(program: Command): void {
  program
    .command("explain")
    .description(
      "why a lead has its points: each attribute's contribution, the top positive and negative ones (base + contributions = points)",
    )
    .argument("<lead_id...>", "one or more lead ids")
    .option(
      "--model <file>",
      "model JSON written by `leadlens fit --out` (default: the latest model in the models table)",
    )
    .option("--top <n>", "how many positive and negative contributions to list", "3")
    .option(...dbOption)
    .option(...jsonOption)
    .action(async (ids: string[], o: { model?: string; top: string; db: string; json?: boolean }) => {
      const top = Number(o.top);
      if (!Number.isInteger(top) || top < 1)
        throw new UserError(`--top: expected a whole number of at least 1, got "${o.top}".`);
      const [
        { openStore },
        { loadModel, readModelFile },
        { modelColumns, modelRelation, modelScorecard },
        { explainLeads },
      ] = await Promise.all([
        import("../../lib/store/index.ts"),
        import("../../lib/model/index.ts"),
        import("../../lib/scorecard/index.ts"),
        import("../../lib/explain/index.ts"),
      ]);
      const store = await openStore(o.db, { readOnly: true });
      try {
        const model = o.model ? readModelFile(o.model) : await loadModel(store.conn);
        const { leads, missing } = await explainLeads(store.conn, modelScorecard(model), ids, {
          top,
          relation: modelRelation(model),
          columns: modelColumns(model),
        });
        if (missing.length === ids.length) {
          throw new UserError(
            `No lead with id ${missing.map((m) => JSON.stringify(m)).join(", ")} in ${o.db}. Lead ids are the lead_id column of the leads table.`,
          );
        }
        const out = leads.map((e) => ({ ...e, probability: probabilityAt(model, e.points) }));
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ model_id: model.model_id, leads: out, missing })}\n`);
          return;
        }
        const blocks = out.map((e) => text(e, model));
        if (missing.length) blocks.push(`Not found: ${missing.join(", ")}`);
        process.stdout.write(`${blocks.join("\n\n")}\n`);
      } finally {
        await store.close();
      }
    });
}
