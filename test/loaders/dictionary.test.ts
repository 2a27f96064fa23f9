import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { openStore, all, exec, one } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { MAX_DICTIONARY } from "../../loaders/ingest/dictionary.ts";
import { tempDir, writeSource } from "./helpers.ts";

// Categorical attributes are stored as an ENUM of their distinct values (loaders/ingest/dictionary.ts).
const config = {
  source: "crm",
  leads: { file: "leads.csv", id: "id", created_at: "created" },
  attributes: [
    { name: "industry", role: "fit.firmographic" },
    { name: "visits", role: "intent.behavioral", type: "numeric" },
  ],
};
const csv = (rows: string[]) => `${["id,created,industry,visits", ...rows].join("\n")}\n`;

const typeOf = async (conn: Parameters<typeof all>[0], column: string) =>
  (
    await one<{ t: string }>(
      conn,
      `SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'leads' AND column_name = '${column}'`,
    )
  )?.t;

describe("dictionary-encoded categorical attributes", () => {
  it("are an ENUM of the sorted values, widened by a later run without changing earlier leads", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    await ingest(
      store.conn,
      loadConfig(
        writeSource(
          join(dir, "v1"),
          { "leads.csv": csv(["L1,2024-01-01,retail,1", "L2,2024-01-02,Health,2", "L3,2024-01-03,,3"]) },
          config,
        ),
      ),
    );
    expect(await typeOf(store.conn, "industry")).toBe("ENUM('Health', 'retail')");
    expect(await typeOf(store.conn, "visits")).toBe("DOUBLE");
    // A second export: one lead changes, one new lead brings a new value.
    await ingest(
      store.conn,
      loadConfig(
        writeSource(
          join(dir, "v2"),
          { "leads.csv": csv(["L1,2024-01-01,software,1", "L4,2024-01-04,agriculture,4"]) },
          config,
        ),
      ),
    );
    expect(await typeOf(store.conn, "industry")).toBe("ENUM('Health', 'agriculture', 'retail', 'software')");
    expect(await all(store.conn, "SELECT lead_id, industry FROM leads ORDER BY industry NULLS LAST, lead_id")).toEqual([
      { lead_id: "L2", industry: "Health" },
      { lead_id: "L4", industry: "agriculture" },
      { lead_id: "L1", industry: "software" },
      { lead_id: "L3", industry: null },
    ]);
    // The same values again: no change of type, nothing lost.
    await ingest(
      store.conn,
      loadConfig(writeSource(join(dir, "v3"), { "leads.csv": csv(["L4,2024-01-04,retail,4"]) }, config)),
    );
    expect(await typeOf(store.conn, "industry")).toBe("ENUM('Health', 'agriculture', 'retail', 'software')");
    expect(await one(store.conn, "SELECT count(*) AS n FROM leads WHERE industry = 'retail'")).toEqual({ n: 1 });
    // Text comparisons, unknown values and text functions read it as text.
    expect(
      await one(
        store.conn,
        "SELECT count(*) FILTER (WHERE industry = 'mining') AS unknown, count(*) FILTER (WHERE lower(industry) = 'health') AS lowered FROM leads",
      ),
    ).toEqual({ unknown: 0, lowered: 1 });
    await store.close();
  });

  it(`stay VARCHAR above ${MAX_DICTIONARY} distinct values, and in stores written before dictionaries`, async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    const many = Array.from({ length: MAX_DICTIONARY + 1 }, (_, i) => `L${i},2024-01-01,v${i},1`);
    await ingest(store.conn, loadConfig(writeSource(join(dir, "many"), { "leads.csv": csv(many) }, config)));
    expect(await typeOf(store.conn, "industry")).toBe("VARCHAR");
    expect(await one(store.conn, "SELECT count(DISTINCT industry) AS n FROM leads")).toEqual({ n: MAX_DICTIONARY + 1 });

    const old = await openStore(join(dir, "old.duckdb"));
    await exec(old.conn, "ALTER TABLE leads ADD COLUMN industry VARCHAR"); // as ingest made it before
    await ingest(
      old.conn,
      loadConfig(writeSource(join(dir, "few"), { "leads.csv": csv(["L1,2024-01-01,retail,1"]) }, config)),
    );
    expect(await typeOf(old.conn, "industry")).toBe("VARCHAR");
    expect(await one(old.conn, "SELECT industry FROM leads")).toEqual({ industry: "retail" });
    await store.close();
    await old.close();
  });

  it("grow with an ENUM that already exists when every value of a run is new, and shrink never", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    await ingest(
      store.conn,
      loadConfig(writeSource(join(dir, "a"), { "leads.csv": csv(["L1,2024-01-01,a,1"]) }, config)),
    );
    await ingest(
      store.conn,
      loadConfig(writeSource(join(dir, "b"), { "leads.csv": csv(["L1,2024-01-01,b,1"]) }, config)),
    );
    // 'a' is no longer used by any lead: it stays in the dictionary (one entry), and L1 reads 'b'.
    expect(await typeOf(store.conn, "industry")).toBe("ENUM('a', 'b')");
    expect(await all(store.conn, "SELECT lead_id, industry FROM leads")).toEqual([{ lead_id: "L1", industry: "b" }]);
    await store.close();
  });
});

describe("dictionary-encoded channel and campaign", () => {
  const cfg = {
    source: "crm",
    leads: { file: "leads.csv", id: "id", created_at: "created", channel: "channel", campaign: "campaign" },
  };
  const rows = (r: string[]) => `${["id,created,channel,campaign", ...r].join("\n")}\n`;
  it("are ENUMs in a new store, widened by later runs, and still join and compare as text", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    await ingest(
      store.conn,
      loadConfig(
        writeSource(
          join(dir, "v1"),
          { "leads.csv": rows(["L1,2024-01-01,email,spring", "L2,2024-01-02,paid_search,", "L3,2024-01-03,,"]) },
          cfg,
        ),
      ),
    );
    expect(await typeOf(store.conn, "channel")).toBe("ENUM('email', 'paid_search')");
    expect(await typeOf(store.conn, "campaign")).toBe("ENUM('spring')");
    await ingest(
      store.conn,
      loadConfig(writeSource(join(dir, "v2"), { "leads.csv": rows(["L4,2024-02-01,events,autumn"]) }, cfg)),
    );
    expect(await typeOf(store.conn, "channel")).toBe("ENUM('email', 'events', 'paid_search')");
    expect(await all(store.conn, "SELECT lead_id, channel, campaign FROM leads ORDER BY lead_id")).toEqual([
      { lead_id: "L1", channel: "email", campaign: "spring" },
      { lead_id: "L2", channel: "paid_search", campaign: null },
      { lead_id: "L3", channel: null, campaign: null },
      { lead_id: "L4", channel: "events", campaign: "autumn" },
    ]);
    // A join with text (as spend.channel is) and an unknown value behave as on VARCHAR.
    expect(
      await all(
        store.conn,
        "SELECT s.c, count(l.lead_id)::INTEGER AS n FROM (VALUES ('email'), ('webinar')) s(c) LEFT JOIN leads l ON l.channel = s.c GROUP BY 1 ORDER BY 1",
      ),
    ).toEqual([
      { c: "email", n: 1 },
      { c: "webinar", n: 0 },
    ]);
    await store.close();
  });
});
