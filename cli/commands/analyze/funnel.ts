import type { Command } from "commander";
import type { FunnelReport, TransitionReport } from "../../../lib/funnel/index.ts";
import {
  commonOptions,
  fmt,
  openForAnalysis,
  parseBy,
  parseChoice,
  parseDate,
  parsePositiveInt,
  pct,
  rateCi,
  table,
  type AnalyzeFlags,
} from "./shared.ts";

interface FunnelFlags extends AnalyzeFlags {
  cohort?: string;
  horizon?: string;
  skips?: string;
}

/** Registers `leadlens analyze funnel`. */
export function register(analyze: Command): void {
  const cmd = analyze
    .command("funnel")
    .description(
      "stage conversion with 95% intervals and time to the next stage (Kaplan–Meier, open leads censored at the data's end), by channel and entry cohort",
    );
  commonOptions(cmd, "lead attributes to break transitions down by (default channel)")
    .option("--cohort <unit>", "entry cohorts by month or quarter", "month")
    .option("--horizon <days>", "horizon of the restricted mean time to move on", "180")
    .option(
      "--skips <policy>",
      "a lead that skips a stage: credit (passes it at the next recorded stage) or exclude",
      "credit",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  leadlens analyze funnel\n  leadlens analyze funnel --cohort quarter --from 2018-01-01 --json\n\nMethods: docs/methods/funnel.md. JSON shape: docs/analyze.md.",
    )
    .action(async (flags: FunnelFlags) => {
      const opts = {
        by: parseBy(flags.by),
        cohort: parseChoice(flags.cohort, "--cohort", ["month", "quarter"] as const),
        from: parseDate(flags.from, "--from"),
        to: parseDate(flags.to, "--to"),
        minN: parsePositiveInt(flags.minN, "--min-n"),
        horizon: parsePositiveInt(flags.horizon, "--horizon"),
        skips: parseChoice(flags.skips, "--skips", ["credit", "exclude"] as const),
      };
      const store = await openForAnalysis(flags.db);
      try {
        const { funnelReport } = await import("../../../lib/funnel/index.ts");
        const report = await funnelReport(store.conn, opts);
        process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : funnelText(report));
      } finally {
        await store.close();
      }
    });
}

const HEAD = [
  "",
  "entered",
  "moved on",
  "rate (95% CI)",
  "KM median days (95% CI)",
  "naive median",
  "≤30d",
  "≤90d",
  "≤180d",
  "p25/p75/p90",
];

function cells(label: string, t: TransitionReport | TransitionReport["by"][number]): string[] {
  const [lo, hi] = t.km_median_ci;
  const q = t.quantiles;
  return [
    label + (t.small ? " (small)" : ""),
    fmt(t.entered),
    fmt(t.moved_on),
    rateCi(t.rate, t.ci_low, t.ci_high),
    t.timed === 0
      ? "—"
      : `${t.km_median_days === null ? "not reached" : fmt(t.km_median_days)} (${fmt(lo)}–${fmt(hi)})`,
    fmt(t.naive_median_days, t.naive_median_days !== null && !Number.isInteger(t.naive_median_days) ? 1 : 0),
    pct(t.p_within["30"]),
    pct(t.p_within["90"]),
    pct(t.p_within["180"]),
    `${fmt(q["25"])}/${fmt(q["75"])}/${fmt(q["90"])}`,
  ];
}

/** The readable form of the funnel report. */
export function funnelText(r: FunnelReport): string {
  const out: string[] = [`Funnel ${r.stages.join(" → ")}, data as of ${r.as_of ?? "unknown"}\n`];
  const ttc = r.time_to_convert;
  // With a two-stage funnel (e.g. mql → won) time to convert is the one transition: print it once.
  const same = ttc && r.transitions.some((t) => t.from === ttc.from && t.to === ttc.to);
  const all = [
    ...r.transitions.map((t) => ({ t, label: `${t.from} → ${t.to}` })),
    ...(ttc && !same ? [{ t: ttc, label: `time to convert (${ttc.from} → ${ttc.to})` }] : []),
  ];
  out.push(
    table(
      HEAD,
      all.map(({ t, label }) => cells(label, t)),
    ),
  );
  for (const { t, label } of all) {
    if (!r.velocity_available && t.by.every((g) => g.dimension !== "channel")) continue;
    for (const dim of [...new Set(t.by.map((g) => g.dimension))]) {
      out.push(`\n${label}, by ${dim}:\n`);
      out.push(
        table(
          [dim, ...HEAD.slice(1)],
          t.by.filter((g) => g.dimension === dim).map((g) => cells(g.value, g)),
        ),
      );
    }
  }
  if (r.data_quality.length) {
    out.push("\nData quality — left out of velocity (still counted in conversion):\n");
    for (const q of r.data_quality) out.push(`  ${fmt(q.leads)} lead(s): ${q.reason}\n`);
  }
  out.push(
    '\nKM median "not reached": fewer than half the leads moved on within the follow-up; a dash in an interval means it is open-ended.\n',
  );
  out.push(`${r.notes.map((n) => `• ${n}`).join("\n")}\n`);
  return out.join("");
}
