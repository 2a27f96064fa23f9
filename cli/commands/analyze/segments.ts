import type { Command } from "commander";
import type { SegmentsReport } from "../../../lib/segments/index.ts";
import { parseRateBasis } from "../../../lib/rates/basis.ts";
import {
  commonOptions,
  fmt,
  openForAnalysis,
  parseBy,
  parseDate,
  parsePositiveInt,
  rateCi,
  table,
  type AnalyzeFlags,
} from "./shared.ts";

interface SegmentsFlags extends AnalyzeFlags {
  quantiles?: string;
  rate?: string;
}

/** Registers `leadlens analyze segments`. */
export function register(analyze: Command): void {
  const cmd = analyze
    .command("segments")
    .description(
      "conversion (won) by segment with 95% intervals, lift over the overall rate, a chi-square test per attribute and small-cell flags",
    );
  commonOptions(
    cmd,
    "attribute(s) to segment by; two names also give their pair (default: channel and every fit/intent attribute)",
  )
    .option(
      "--quantiles <n>",
      "quantile bins for numeric attributes; overrides the scorecard's bins (default: the scorecard's, else 5)",
    )
    .option(
      "--rate <basis>",
      "what each rate is over: within[:<days>] (P(won within H days), open leads censored; default, H from the data), decided (won out of won+lost+disqualified), matured[:<days>] (leads older than the window), all",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  leadlens analyze segments --by channel\n  leadlens analyze segments --by lead_source,occupation --min-n 50 --json\n  leadlens analyze segments --by industry --rate decided      # win rate of closed deals\n  leadlens analyze segments --by industry --rate within:90\n\nMethods: docs/methods/segments.md. JSON shape: docs/analyze.md.",
    )
    .action(async (flags: SegmentsFlags) => {
      const opts = {
        by: parseBy(flags.by),
        from: parseDate(flags.from, "--from"),
        to: parseDate(flags.to, "--to"),
        minN: parsePositiveInt(flags.minN, "--min-n"),
        quantiles: parsePositiveInt(flags.quantiles, "--quantiles"),
        rate: flags.rate === undefined ? undefined : parseRateBasis(flags.rate),
      };
      const store = await openForAnalysis(flags.db);
      try {
        const { segmentsReport } = await import("../../../lib/segments/index.ts");
        const report = await segmentsReport(store.conn, opts);
        process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : segmentsText(report));
      } finally {
        await store.close();
      }
    });
}

/** What the leads column counts on each rate basis (the JSON's `n`). */
const OVER: Record<SegmentsReport["rate"]["basis"]["kind"], string> = {
  within: "leads",
  decided: "decided leads",
  matured: "matured leads",
  all: "leads",
};

/** The readable form of the segments report. */
export function segmentsText(r: SegmentsReport): string {
  const o = r.overall;
  const out = [
    `Rates: ${r.rate.description}, as of ${r.rate.as_of.slice(0, 10)}; ${fmt(r.rate.open)} leads open.\n`,
    `Overall: ${fmt(o.converted)} won${r.rate.basis.kind === "within" ? ` within ${r.rate.basis.days} days` : ""} of ${fmt(o.n)} ${OVER[r.rate.basis.kind]}, ${rateCi(o.rate, o.ci_low, o.ci_high)}\n`,
  ];
  for (const a of r.attributes) {
    const test =
      a.chi2 === null
        ? "no test"
        : `χ² = ${a.chi2.toFixed(1)}, dof ${a.dof}, p = ${a.p_value! < 1e-4 ? a.p_value!.toExponential(1) : a.p_value!.toFixed(4)}, Cramér's V = ${a.cramers_v!.toFixed(3)}`;
    out.push(`\n${a.attribute} (${test}):\n`);
    out.push(
      table(
        [
          "segment",
          OVER[r.rate.basis.kind],
          r.rate.basis.kind === "within" ? `won ≤ ${r.rate.basis.days} d` : "won",
          "open",
          "rate (95% CI)",
          "lift",
        ],
        a.segments.map((s) => [
          s.segment + (s.small ? " (small)" : ""),
          fmt(s.n),
          fmt(s.converted),
          fmt(s.open),
          rateCi(s.rate, s.ci_low, s.ci_high),
          fmt(s.lift, 2),
        ]),
      ),
    );
    for (const n of a.notes) out.push(`  • ${n}\n`);
  }
  const quantiles = `${r.bins_from.quantiles} quantile bins`;
  out.push(
    `\nNumeric bins: ${r.bins_from.model_id ? `the scorecard of model ${r.bins_from.model_id} (${quantiles} where it has none)` : quantiles}.\n`,
  );
  for (const n of r.notes) out.push(`• ${n}\n`);
  return out.join("");
}
