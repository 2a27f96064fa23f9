import type { PageContext } from "./store.ts";
import { readStages, storeLeadStages, type StoredLeadStages } from "../../funnel/index.ts";

/**
 * Computes `key` once per build and hands every later caller the same promise. Several pages show
 * the same lib/ report (the Overview's ROI totals and the Channel ROI page both read `roiReport`):
 * at 10M leads each such report is tens of CPU seconds, so it must not run once per page. Without a
 * build-wide cache (one data loader computing one file) it simply computes.
 *
 * Callers must not change the object they get: another page reads the same one.
 *
 * @example
 * const report = await shared(ctx, "roi", () => roiReport(ctx.conn, {}));
 */
export function shared<T>(ctx: Pick<PageContext, "shared">, key: string, compute: () => Promise<T>): Promise<T> {
  if (!ctx.shared) return compute();
  let hit = ctx.shared.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = compute();
    // A failure is reported by each page that awaits it (part() turns it into a sentence); this
    // handler only keeps an unawaited copy from counting as unhandled.
    hit.catch(() => undefined);
    ctx.shared.set(key, hit);
  }
  return hit;
}

/**
 * The per-lead funnel stages (lib/funnel `storeLeadStages`), computed once per build into a temporary
 * table that the Funnel velocity page and the ROI report (Overview and Channel ROI pages) both read:
 * at 10M leads each computation is ~20 CPU seconds. Undefined when one file is computed alone, or
 * when the table cannot be made: the reports then compute the stages themselves, as before.
 */
export function leadStages(ctx: Pick<PageContext, "conn" | "shared">): Promise<StoredLeadStages | undefined> {
  if (!ctx.shared) return Promise.resolve(undefined);
  return shared(ctx, "leadStages", async () => {
    try {
      return await storeLeadStages(ctx.conn, { order: (await readStages(ctx.conn)).order });
    } catch {
      return undefined;
    }
  });
}
