import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { writeDemo } from "../../loaders/demo/index.ts";
import { demoDir, SEED, SIZES } from "../paths.ts";
import { timed } from "../timer.ts";

/** Leads-only config beside the demo's: the same leads file and attributes, no other files. */
export const LEADS_ONLY = "leads-only.yml";

/** Writes the demo data of a size once (bench/cache/demo-<size>), and the leads-only config. */
export default async function data(args: { size: string }) {
  const dir = demoDir(args.size);
  const config = join(dir, "demo.yml");
  let generate_s: number | null = null;
  if (!existsSync(config) || !existsSync(join(dir, "truth.json"))) {
    const r = await timed(() =>
      writeDemo({
        leads: SIZES[args.size],
        seed: SEED,
        dir,
        onProgress: (d, t) => d % 1_000_000 === 0 && console.error(`demo ${d}/${t}`),
      }),
    );
    generate_s = r.s;
  }
  const c = parse(readFileSync(config, "utf8"));
  delete c.outcome;
  delete c.spend;
  if (c.stages) delete c.stages.long;
  c.source = "demo-leads-only";
  writeFileSync(join(dir, LEADS_ONLY), stringify(c, { lineWidth: 0 }));
  return { generate_s, leads_csv_bytes: statSync(join(dir, "leads.csv")).size };
}
