import type { Command } from "commander";
import { dbOption, jsonOption } from "../../options.ts";
import { UserError, isUserError } from "../../../lib/errors/UserError.ts";
import type { ModelArtifact } from "../../../lib/model/index.ts";
import type { QualifyReport, Rate } from "../../../lib/qualify/index.ts";
import { FIT_GRADES, INTENT_GRADES } from "../../../lib/qualify/grade.ts";
import { readConfigText } from "../../../lib/config/read.ts";

interface Flags {
  model?: string;
  rules?: string;
  framework?: string;
  capacity?: string;
  mqlCapacity?: string;
  dealValue?: string;
  contactCost?: string;
  weeks: string;
  dataWeeks?: string;
  db: string;
  json?: boolean;
}

/** Reads a positive number option; `50/week` is accepted for capacities. */
function positive(value: string | undefined, option: string, zeroOk = false): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value.replace(/\s*\/\s*(week|wk|w)$/i, ""));
  if (!Number.isFinite(x) || x < 0 || (!zeroOk && x === 0))
    throw new UserError(`${option}: expected a ${zeroOk ? "non-negative" : "positive"} number, got "${value}".`);
  return x;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "—");
const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "—");
const n1 = (x: number) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: 1 }) : "—");
const rateText = (r: Rate) =>
  r.leads > 0 ? `${pct(r.rate)} (${pct(r.low)}–${pct(r.high)}, n = ${n0(r.leads)})` : "— (no leads)";

function gradesText(r: QualifyReport): string[] {
  const g = r.grades!;
  const lines = [
    `Fit × intent grades on held-out leads (${g.held_out}); conversion and n per cell.`,
    `  Fit points cut at ${g.cuts.fit.join(" / ")}; intent points at ${g.cuts.intent.join(" / ")} (training-lead quartiles).`,
    `  fit \\ intent ${INTENT_GRADES.map((i) => i.padEnd(18)).join("")}`,
  ];
  for (const f of FIT_GRADES) {
    const cells = INTENT_GRADES.map((i) => g.cells.find((c) => c.grade === f + i)!).map((c) =>
      (c.leads ? `${pct(c.rate)} (${n0(c.leads)})` : "—").padEnd(18),
    );
    lines.push(`  ${f.padEnd(13)}${cells.join("")}`);
  }
  const words = { excellent: "fit and intent (A/B × 1/2)", good: "one of them", bad: "neither (C/D × 3/4)" };
  for (const x of g.readings)
    lines.push(
      `  ${x.reading.padEnd(10)} ${words[x.reading].padEnd(27)} ${pct(x.share_of_leads)} of leads, convert ${rateText(x)}, ${pct(x.share_of_conversions)} of conversions`,
    );
  return lines;
}

function thresholdsText(r: QualifyReport): string[] {
  const t = r.thresholds!;
  const lines = [
    `Thresholds over recent leads (${t.recent.from ? `${t.recent.from.slice(0, 10)} … ${t.recent.to?.slice(0, 10)}, ` : ""}${n1(t.recent.weeks)} weeks, ${n0(t.recent.leads)} leads):`,
  ];
  for (const x of [t.mql, t.sql]) {
    if (!x) continue;
    if (x.threshold === null) {
      lines.push(`  ${x.name}: no points total passes (${x.basis}).`);
      continue;
    }
    const ev = x.weekly_expected_value === undefined ? "" : `, expected value ${n0(x.weekly_expected_value)}/week`;
    const obs = x.held_out_observed ? `; held-out leads at or above it converted ${rateText(x.held_out_observed)}` : "";
    lines.push(
      `  ${x.name} ≥ ${x.threshold} points (${x.basis}): ${n1(x.weekly_leads)} leads/week (${pct(x.share_of_leads)}), ${n1(x.weekly_expected_conversions)} expected conversions/week (${pct(x.expected_rate)})${ev}${obs}.`,
    );
  }
  return lines;
}

function rulesText(r: QualifyReport): string[] {
  const q = r.rules!;
  const lines = [
    `Disqualification rules, on ${q.leads}: ${n0(q.all.leads)} leads, ${n0(q.all.converted)} converted (${pct(q.all.rate)}).`,
  ];
  for (const x of q.rules) {
    lines.push(`  ${x.name}: ${x.reason}. When ${x.when.join(" and ")}.`);
    lines.push(
      `    removes ${n0(x.removed.leads)} leads (${pct(x.share_of_leads)}); ${n0(x.removed.converted)} of them converted: ${rateText(x.removed)}; that is ${pct(x.converters_lost.rate)} (${pct(x.converters_lost.low)}–${pct(x.converters_lost.high)}) of all converters. Alone: ${n0(x.only.leads)} leads, ${n0(x.only.converted)} converted.`,
    );
  }
  const c = q.combined;
  lines.push(
    `  All rules together remove ${n0(c.removed.leads)} leads (${pct(c.share_of_leads)}), ${n0(c.removed.converted)} converted: ${rateText(c.removed)}, ${pct(c.converters_lost.rate)} of all converters. The leads kept convert ${rateText(q.kept)}.`,
  );
  return lines;
}

function frameworkText(r: QualifyReport): string[] {
  const f = r.framework!;
  const lines = [`${f.framework} (${f.title}): which criteria the data can see.`];
  for (const c of f.criteria) {
    const seen = c.attributes
      .map(
        (a) =>
          `${a.name} (${pct(a.coverage ?? NaN)} filled${a.in_model === true ? ", in the model" : a.in_model === false ? ", not in the model" : ""})`,
      )
      .join(", ");
    const status =
      c.status === "seen"
        ? `seen: ${seen}`
        : c.status === "after_outcome"
          ? "NOT visible at qualification time"
          : "NOT seen: no attribute matches";
    lines.push(
      `  ${c.name.padEnd(18)} ${status}${c.post_outcome.length ? ` (recorded after the outcome: ${c.post_outcome.join(", ")})` : ""}`,
    );
  }
  return lines;
}

function text(r: QualifyReport, model: ModelArtifact | null): string {
  const blocks: string[][] = [];
  if (model && r.axes)
    blocks.push([
      `Model ${model.model_id}. Fit axis: ${r.axes.fit.join(", ") || "none"}. Intent axis: ${r.axes.intent.join(", ") || "none"}.`,
    ]);
  if (r.grades) blocks.push(gradesText(r));
  if (r.thresholds) blocks.push(thresholdsText(r));
  if (r.rules) blocks.push(rulesText(r));
  if (r.framework) blocks.push(frameworkText(r));
  if (r.notes.length) blocks.push(["Notes:", ...r.notes.map((n) => `  - ${n}`)]);
  return blocks.map((b) => b.join("\n")).join("\n\n");
}

/** Registers `leadlens analyze qualify`. */
export function register(analyze: Command): void {
  analyze
    .command("qualify")
    .description(
      "fit × intent grades with conversion per cell, MQL/SQL thresholds (capacity or expected value), disqualification rules and their lost converters, framework checklists",
    )
    .option(
      "--model <file>",
      "model JSON written by `leadlens fit --out` (default: the latest model in the models table)",
    )
    .option("--rules <file>", "disqualification rules YAML (see docs/qualify.md and data/examples/rules-*.yml)")
    .option("--framework <name|file>", "checklist: bant, firm, champ, meddic, or your own YAML in the same format")
    .option("--capacity <n>", "sales capacity in leads per week (e.g. 50 or 50/week): sets the SQL threshold")
    .option(
      "--mql-capacity <n>",
      "marketing hand-over capacity in leads per week: sets the MQL threshold instead of expected value",
    )
    .option(
      "--deal-value <v>",
      "average value of a won deal: the MQL threshold is where value × probability − contact cost > 0",
    )
    .option("--contact-cost <c>", "cost of working one lead (with --deal-value)", "0")
    .option("--weeks <n>", "recent period for weekly volumes, in weeks before the newest lead", "12")
    .option("--data-weeks <n>", "leads without created_at: how many weeks of leads the data holds")
    .option(...dbOption)
    .option(...jsonOption)
    .action(async (o: Flags) => {
      const opts = {
        capacity: positive(o.capacity, "--capacity"),
        mqlCapacity: positive(o.mqlCapacity, "--mql-capacity"),
        dealValue: positive(o.dealValue, "--deal-value"),
        contactCost: positive(o.contactCost, "--contact-cost", true),
        weeks: positive(o.weeks, "--weeks"),
        dataWeeks: positive(o.dataWeeks, "--data-weeks"),
      };
      const [
        { openStore },
        { loadModel, readModelFile },
        { loadFramework, parseRules, qualifyReport },
        { knownAttributes },
      ] = await Promise.all([
        import("../../../lib/store/index.ts"),
        import("../../../lib/model/index.ts"),
        import("../../../lib/qualify/index.ts"),
        import("../../../lib/scorecard/index.ts"),
      ]);
      const store = await openStore(o.db, { readOnly: true });
      try {
        const known = await knownAttributes(store.conn);
        const rules = o.rules ? parseRules(readRules(o.rules), { file: o.rules, known }) : undefined;
        const framework = o.framework ? loadFramework(o.framework) : undefined;
        let model: ModelArtifact | null = null;
        try {
          model = o.model ? readModelFile(o.model) : await loadModel(store.conn);
        } catch (e) {
          // Rules and frameworks need no model; grades and thresholds do.
          const wantsThresholds =
            opts.capacity !== undefined || opts.mqlCapacity !== undefined || opts.dealValue !== undefined;
          if (o.model || !isUserError(e) || (!rules && !framework) || wantsThresholds) throw e;
        }
        const report = await qualifyReport(store.conn, { ...opts, model: model ?? undefined, rules, known, framework });
        if (!model) report.notes.push("No model in the database: grades and thresholds need `leadlens fit` first.");
        process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `${text(report, model)}\n`);
      } finally {
        await store.close();
      }
    });
}

function readRules(file: string): string {
  return readConfigText(file, "rules file");
}
