// Review MUST 4: re-ingesting a source's spend at another grain (a campaign column added, daily rows
// instead of monthly ones) replaces the old rows it covers; the total is never counted twice.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { openStore, all } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { tempDir, writeSource } from "./helpers.ts";

const leads = "id,created,channel\nA,2024-01-03,fb\nB,2024-01-20,fb\nC,2024-02-10,google\n";
const leadsPart = { file: "leads.csv", id: "id", created_at: "created", channel: "channel" };

async function total(dir: string, cfg: string): Promise<{ n: number; amount: number }> {
  const store = await openStore(join(dir, "db.duckdb"));
  try {
    await ingest(store.conn, loadConfig(cfg));
    const [t] = await all<{ n: number; amount: number }>(
      store.conn,
      "SELECT count(*)::INTEGER AS n, sum(amount)::DOUBLE AS amount FROM spend",
    );
    return t;
  } finally {
    await store.close();
  }
}

describe("spend re-ingested at another grain", () => {
  it("undated: a campaign column added replaces the channel totals; more leads do not add a period", async () => {
    const dir = tempDir();
    const spend = { file: "spend.csv", channel: "ch", amount: "amt" };
    const cfg = writeSource(
      dir,
      { "leads.csv": leads, "spend.csv": "ch,amt\nfb,100\ngoogle,50\n" },
      { source: "s", leads: leadsPart, spend },
    );
    expect(await total(dir, cfg)).toEqual({ n: 2, amount: 150 });
    writeFileSync(join(dir, "leads.csv"), `${leads}D,2024-03-30,fb\n`);
    expect(await total(dir, cfg)).toEqual({ n: 2, amount: 150 });
    const byCampaign = writeSource(
      dir,
      { "spend.csv": "ch,camp,amt\nfb,x,60\nfb,y,40\ngoogle,z,50\n" },
      { source: "s", leads: leadsPart, spend: { ...spend, campaign: "camp" } },
    );
    expect(await total(dir, byCampaign)).toEqual({ n: 3, amount: 150 });
    writeSource(dir, { "spend.csv": "ch,amt\nfb,100\ngoogle,50\n" }, { source: "s", leads: leadsPart, spend }); // campaign dropped again
    expect(await total(dir, cfg)).toEqual({ n: 2, amount: 150 });
  });

  it("dated: daily rows replace the monthly row they fall in; a later month is added beside it", async () => {
    const dir = tempDir();
    const spend = { file: "spend.csv", channel: "ch", amount: "amt", period_start: "from", period_end: "to" };
    const cfg = writeSource(
      dir,
      { "leads.csv": leads, "spend.csv": "ch,from,to,amt\nfb,2024-01-01,2024-01-31,100\n" },
      { source: "s", leads: leadsPart, spend },
    );
    expect(await total(dir, cfg)).toEqual({ n: 1, amount: 100 });
    writeFileSync(join(dir, "spend.csv"), "ch,from,to,amt\nfb,2024-01-01,2024-01-01,40\nfb,2024-01-02,2024-01-02,60\n");
    expect(await total(dir, cfg)).toEqual({ n: 2, amount: 100 });
    writeFileSync(join(dir, "spend.csv"), "ch,from,to,amt\nfb,2024-02-01,2024-02-29,70\n");
    expect(await total(dir, cfg)).toEqual({ n: 3, amount: 170 });
  });
});
