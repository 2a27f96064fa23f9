import { openStore } from "../../store/index.ts";
import { minCellFromEnv } from "../suppress.ts";
import { PAGE_DATA } from "./pages.ts";
import { exploreCsv } from "./explore.ts";

/**
 * Computes one data file of the site from the store named by LEADLENS_DB (read-only):
 * `<page>.json` or `explore/<table>.csv`. Used by a data loader when nothing was precomputed.
 *
 * @example
 * await computeFile("overview.json") // → '{"dataset":"demo","leads":50000,…}'
 */
export async function computeFile(file: string): Promise<string> {
  const store = await openStore(process.env.LEADLENS_DB ?? "data/leadlens.duckdb", { readOnly: true, threads: 1 });
  const ctx = {
    conn: store.conn,
    minCell: minCellFromEnv(),
    rubric: process.env.LEADLENS_RUBRIC || undefined,
    rubricMql: process.env.LEADLENS_RUBRIC_MQL ? Number(process.env.LEADLENS_RUBRIC_MQL) : undefined,
    rules: process.env.LEADLENS_RULES || undefined,
  };
  try {
    const explore = /^explore\/(\w+)\.csv$/.exec(file);
    if (explore) return await exploreCsv(explore[1], ctx);
    const page = PAGE_DATA[file.replace(/\.json$/, "")];
    if (!page) throw new Error(`no data file named ${file}`);
    return JSON.stringify(await page(ctx));
  } finally {
    await store.close();
  }
}
