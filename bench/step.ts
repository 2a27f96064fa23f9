/**
 * Runs one bench step in its own process, so each step's peak memory (max RSS) is its own:
 *   node --expose-gc --import tsx bench/step.ts <step> '<json args>'
 * The last stdout line is `BENCH_RESULT {…}` with the step's figures plus `max_rss_bytes`.
 */
import { steps } from "./steps/index.ts";

const [name, raw] = process.argv.slice(2);
const step = steps[name];
if (!step) {
  console.error(`unknown bench step "${name}"; known: ${Object.keys(steps).join(", ")}`);
  process.exit(2);
}
const result = await step(JSON.parse(raw ?? "{}"));
// maxRSS is in KiB on Linux.
const max_rss_bytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`\nBENCH_RESULT ${JSON.stringify({ ...result, max_rss_bytes })}\n`);
process.exit(0);
