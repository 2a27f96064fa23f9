import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";
import type { RoiReport, RoiRow } from "../../../lib/roi/index.ts";
import {
  commonOptions,
  fmt,
  openForAnalysis,
  parseChoice,
  parseDate,
  parsePositiveInt,
  table,
  type AnalyzeFlags,
} from "./shared.ts";

interface RoiFlags extends AnalyzeFlags {
  period?: string;
  attribution?: string;
  minDeals?: string;
}

/** Registers `leadlens analyze roi`. */
export function register(analyze: Command): void {
  const cmd = analyze
    .command("roi")
    .description(
      "per channel: spend, leads, MQLs, SQLs, won, revenue, cost per stage, ROI and the projected value of open qualified leads",
    );
  commonOptions(cmd, "only `channel` is supported: ROI is per channel", { minN: false })
    .option(
      "--period <unit>",
      "also break down by month or quarter (spend prorated by days); all = no breakdown",
      "all",
    )
    .option(
      "--attribution <model>",
      "first (the lead's channel), last or linear over channel-carrying activities",
      "first",
    )
    .option("--min-deals <n>", "won deals a channel needs to use its own mean deal value (else the overall mean)", "5")
    .addHelpText(
      "after",
      "\nExamples:\n  leadlens analyze roi\n  leadlens analyze roi --period quarter --from 2024-01-01 --json\n\nMethods: docs/methods/roi.md. JSON shape: docs/analyze.md.",
    )
    .action(async (flags: RoiFlags) => {
      if (flags.by !== undefined && flags.by !== "channel")
        throw new UserError(
          `--by: ROI is reported per channel only, got "${flags.by}". Use \`leadlens analyze segments --by ${flags.by}\` for conversion by attribute.`,
        );
      const opts = {
        period: parseChoice(flags.period, "--period", ["month", "quarter", "all"] as const),
        attribution: parseChoice(flags.attribution, "--attribution", ["first", "last", "linear"] as const),
        from: parseDate(flags.from, "--from"),
        to: parseDate(flags.to, "--to"),
        minDeals: parsePositiveInt(flags.minDeals, "--min-deals"),
      };
      const store = await openForAnalysis(flags.db);
      try {
        const { roiReport } = await import("../../../lib/roi/index.ts");
        const report = await roiReport(store.conn, opts);
        process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : roiText(report));
      } finally {
        await store.close();
      }
    });
}

const HEAD = [
  "channel",
  "spend",
  "leads",
  "MQLs",
  "SQLs",
  "won",
  "revenue",
  "per lead",
  "per MQL",
  "per SQL",
  "per won",
  "ROI",
  "projected (95% CI)",
  "projected ROI",
];

function cells(r: RoiRow, first: string): string[] {
  const c = (x: number | null) => (r.cost_unknown ? "unknown" : fmt(x, 2));
  const ratio = (x: number | null) => (r.cost_unknown ? "unknown" : x === null ? "—" : `${(100 * x).toFixed(0)}%`);
  const proj =
    r.projected_value === null
      ? "—"
      : `${fmt(r.projected_value)} (${fmt(r.projected_value_ci![0])}–${fmt(r.projected_value_ci![1])})`;
  const n = (x: number | null) => fmt(x, x !== null && !Number.isInteger(x) ? 1 : 0);
  return [
    first,
    r.cost_unknown ? "unknown" : fmt(r.spend),
    n(r.leads),
    n(r.mqls),
    n(r.sqls),
    n(r.won),
    r.revenue === null ? "unknown" : fmt(r.revenue),
    c(r.cost_per_lead),
    c(r.cost_per_mql),
    c(r.cost_per_sql),
    c(r.cost_per_won),
    ratio(r.roi),
    proj,
    ratio(r.projected_roi),
  ];
}

/** The readable form of the ROI report. */
export function roiText(r: RoiReport): string {
  const out = [
    `Channel ROI${r.currency ? ` (${r.currency})` : ""}, data as of ${r.as_of ?? "unknown"}, ${r.attribution === "linear" ? "linear" : `${r.attribution}-touch`} attribution\n`,
  ];
  out.push(table(HEAD, [...r.channels.map((x) => cells(x, x.channel)), cells(r.total, r.total.channel)]));
  if (r.by_period) {
    out.push(`\nBy ${r.period}:\n`);
    out.push(
      table(
        ["period", ...HEAD],
        r.by_period.map((x) => [x.period!, ...cells(x, x.channel)]),
      ),
    );
  }
  out.push(`\n${r.notes.map((n) => `• ${n}`).join("\n")}\n`);
  return out.join("");
}
