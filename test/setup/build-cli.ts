// Vitest global setup: compile the CLI (cli/build.mjs) unless build/cli is already newer than every
// source. Tests that spawn `node cli/leadlens.js` then run the compiled code of this checkout.
// @ts-expect-error plain JavaScript modules without type declarations
import { buildCli } from "../../cli/build.mjs";
// @ts-expect-error plain JavaScript modules without type declarations
import { compiledEntry } from "../../cli/compiled.mjs";

export default async function setup(): Promise<void> {
  if (compiledEntry()) return;
  const r = await buildCli();
  if (r.skipped) process.stderr.write(`test setup: ${r.skipped}\n`);
}
