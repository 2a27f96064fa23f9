import type { Command } from "commander";
import { register as init } from "./init.ts";
import { register as ingest } from "./ingest.ts";
import { register as fit } from "./fit.ts";
import { register as score } from "./score.ts";
import { register as explain } from "./explain.ts";
import { register as points } from "./points.ts";
import { register as analyze } from "./analyze.ts";
import { register as report } from "./report.ts";
import { register as start } from "./start.ts";
import { register as tune } from "./tune.ts";

/** Every command, in the order `leadlens --help` lists them. Each file owns one command. */
export const commands: Array<(program: Command) => void> = [
  init,
  ingest,
  fit,
  score,
  explain,
  points,
  analyze,
  report,
  start,
  tune,
];
