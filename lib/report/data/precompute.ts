import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../../store/index.ts";
import { PAGE_DATA, EXPLORE_TABLES } from "./pages.ts";
import { exploreCsv, type PageCache } from "./explore.ts";

/**
 * Computes every data file of the site in this process, with one read-only connection, and writes
 * them to `dir` (`overview.json`, …, `explore/monthly.csv`). The data loaders then print these files
 * (LEADLENS_PAGE_CACHE) instead of each starting Node, tsx and DuckDB again: the same lib/ calls,
 * once, so a build takes seconds instead of a minute. Without the variable (e.g. `observable preview`)
 * each loader computes its own file.
 */
export async function precomputePages(
  db: string,
  minCell: number,
  dir: string,
  extra: { rubric?: string; rubricMql?: number; rules?: string } = {},
): Promise<string[]> {
  const store = await openStore(db, { readOnly: true });
  const ctx = { conn: store.conn, minCell, ...extra, shared: new Map<string, Promise<unknown>>() };
  const pages: PageCache = {};
  const written: string[] = [];
  try {
    mkdirSync(join(dir, "explore"), { recursive: true });
    for (const [name, compute] of Object.entries(PAGE_DATA)) {
      pages[name] = await compute(ctx);
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(pages[name]));
      written.push(`${name}.json`);
    }
    for (const name of EXPLORE_TABLES) {
      writeFileSync(join(dir, "explore", `${name}.csv`), await exploreCsv(name, ctx, pages));
      written.push(`explore/${name}.csv`);
    }
  } finally {
    await store.close();
  }
  return written;
}
