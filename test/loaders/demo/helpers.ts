/** Shared set-up for the demo tests: a fresh temp folder per generated demo. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeDemo, type DemoOptions } from "../../../loaders/demo/index.ts";

/** Generates a demo into a new temp folder; `cleanup` removes it. */
export async function demo(options: Omit<DemoOptions, "dir">) {
  const dir = mkdtempSync(path.join(tmpdir(), "leadlens-demo-"));
  const out = await writeDemo({ ...options, dir });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const truth = JSON.parse(readFileSync(out.truthPath, "utf8")) as any;
  return { dir, ...out, truth, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A file of the demo folder as a DuckDB string literal (for read_csv). */
export const csv = (dir: string, name: string) => `'${path.join(dir, name).replace(/'/g, "''")}'`;
