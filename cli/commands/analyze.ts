import type { Command } from "commander";
import { register as funnel } from "./analyze/funnel.ts";
import { register as segments } from "./analyze/segments.ts";
import { register as roi } from "./analyze/roi.ts";
import { register as qualify } from "./analyze/qualify.ts";
import { register as drift } from "./analyze/drift.ts";

/** Registers `leadlens analyze <funnel|segments|roi|qualify|drift>`; each subcommand lives in its own file. */
export function register(program: Command): void {
  const analyze = program
    .command("analyze")
    .description("funnel velocity, segment conversion, channel ROI, qualification and drift, as tables or --json");
  for (const sub of [funnel, segments, roi, qualify, drift]) sub(analyze);
}
