import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo } from "./helpers.ts";

// The keys loaders/config/types.ts defines (TypeScript types vanish at run time, so they are listed here).
const FILE = ["file", "postgres", "format", "delimiter", "quote", "header"];
const KEYS = {
  top: [
    "source",
    "title",
    "leads",
    "missing",
    "normalize",
    "date_format",
    "attributes",
    "outcome",
    "stages",
    "activities",
    "spend",
    "as_of",
    "currency",
    "checks",
  ],
  leads: [...FILE, "id", "created_at", "channel", "campaign"],
  attribute: [
    "name",
    "column",
    "role",
    "type",
    "personal",
    "missing",
    "normalize",
    "true_values",
    "false_values",
    "description",
  ],
  outcome: [...FILE, "lead_id", "outcome", "closed_at", "amount", "reason", "stage", "attributes"],
  stages: ["order", "exits", "wide", "long", "lead_stage_at_created"],
  long: [...FILE, "lead_id", "stage", "entered_at"],
  spend: [...FILE, "channel", "period_start", "period_end", "amount", "currency"],
};
const ROLES = [
  "fit.demographic",
  "fit.firmographic",
  "fit.geographic",
  "fit.psychographic",
  "intent.behavioral",
  "post_outcome",
];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("demo source config", () => {
  let d: Awaited<ReturnType<typeof demo>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let config: any;
  beforeAll(async () => {
    d = await demo({ leads: 20_000, seed: 3 });
    config = parse(readFileSync(d.configPath, "utf8"));
  });
  afterAll(() => d?.cleanup());

  const keysIn = (o: object, allowed: string[]) =>
    expect(Object.keys(o).filter((k) => !allowed.includes(k))).toEqual([]);
  const header = (file: string) => readFileSync(path.join(d.dir, file), "utf8").split("\n", 1)[0].split(",");

  it("uses only keys of the contract", () => {
    keysIn(config, KEYS.top);
    keysIn(config.leads, KEYS.leads);
    config.attributes.forEach((a: object) => keysIn(a, KEYS.attribute));
    keysIn(config.outcome, KEYS.outcome);
    keysIn(config.stages, KEYS.stages);
    keysIn(config.stages.long, KEYS.long);
    keysIn(config.spend, KEYS.spend);
    expect(config.attributes.map((a: { role: string }) => a.role).every((r: string) => ROLES.includes(r))).toBe(true);
    expect(config.as_of).toBe(d.truth.window.as_of);
  });

  it("names relative files that exist, with the columns it maps", () => {
    const files = [config.leads.file, config.outcome.file, config.stages.long.file, config.spend.file];
    for (const f of files) {
      expect(path.isAbsolute(f)).toBe(false);
      expect(existsSync(path.join(d.dir, f))).toBe(true);
    }
    const leads = header(config.leads.file);
    for (const c of [
      config.leads.id,
      config.leads.created_at,
      config.leads.channel,
      config.leads.campaign,
      ...config.attributes.map((a: { name: string }) => a.name),
    ])
      expect(leads).toContain(c);
    expect(header(config.outcome.file)).toEqual(
      expect.arrayContaining([
        config.outcome.lead_id,
        config.outcome.outcome,
        config.outcome.closed_at,
        config.outcome.amount,
        config.outcome.reason,
      ]),
    );
    expect(header(config.stages.long.file)).toEqual([
      config.stages.long.lead_id,
      config.stages.long.stage,
      config.stages.long.entered_at,
    ]);
    expect(header(config.spend.file)).toEqual([
      config.spend.channel,
      config.spend.period_start,
      config.spend.period_end,
      config.spend.amount,
    ]);
  });

  // The ingest engine is built in parallel: these run once its modules are in the checkout.
  const landed =
    existsSync(path.join(root, "loaders/config/validate.ts")) && existsSync(path.join(root, "loaders/ingest/index.ts"));

  it.skipIf(!landed)("passes the config validator", async () => {
    const { validateConfig } = await import("../../../loaders/config/index.ts");
    expect(() => validateConfig(config)).not.toThrow();
  });

  it.skipIf(!landed)("ingests into DuckDB with the counts truth.json states", async () => {
    const { loadConfig, ingest } = await import("../../../loaders/index.ts");
    const { openStore, all } = await import("../../../lib/store/index.ts");
    const store = await openStore(path.join(d.dir, "demo.duckdb"));
    try {
      const r = await ingest(store.conn, loadConfig(d.configPath));
      const t = d.truth.realised;
      expect(r.rows_rejected).toBe(0);
      expect(r.tables.leads).toBe(20_000);
      // Every lead has an outcome in lead_outcomes; only decided ones are stored (the demo's open rows carry nothing).
      const [o] = await all<{ every: number; decided: number }>(
        store.conn,
        "SELECT count(*)::INT AS every, count(*) FILTER (WHERE outcome <> 'open')::INT AS decided FROM lead_outcomes",
      );
      expect(o.every).toBe(20_000);
      expect(r.tables.outcomes).toBe(o.decided);
      expect(o.decided).toBeLessThan(20_000);
      expect(r.tables.spend).toBe(6 * 24);
      const rows = await all<{
        channel: string;
        leads: number;
        mqls: number;
        sqls: number;
        opportunities: number;
        won: number;
        revenue: number;
        spend: number;
      }>(
        store.conn,
        `WITH s AS (SELECT l.channel, e.stage, count(DISTINCT e.lead_id)::INT n FROM stage_events e JOIN leads l USING (lead_id) GROUP BY ALL),
              o AS (SELECT l.channel, sum(amount)::DOUBLE revenue FROM outcomes JOIN leads l USING (lead_id) WHERE outcome = 'won' GROUP BY ALL),
              p AS (SELECT channel, round(sum(amount) * 100)::BIGINT::DOUBLE / 100 spend FROM spend GROUP BY ALL)
         SELECT l.channel, count(*)::INT leads,
           any_value((SELECT n FROM s WHERE s.channel = l.channel AND stage = 'mql'))::INT mqls,
           any_value((SELECT n FROM s WHERE s.channel = l.channel AND stage = 'sql'))::INT sqls,
           any_value((SELECT n FROM s WHERE s.channel = l.channel AND stage = 'opportunity'))::INT opportunities,
           any_value((SELECT n FROM s WHERE s.channel = l.channel AND stage = 'won'))::INT won,
           any_value((SELECT revenue FROM o WHERE o.channel = l.channel)) revenue,
           any_value((SELECT spend FROM p WHERE p.channel = l.channel)) spend
         FROM leads l GROUP BY l.channel ORDER BY l.channel`,
      );
      const pick = ({ channel, leads, mqls, sqls, opportunities, won, revenue, spend }: (typeof rows)[number]) => ({
        channel,
        leads,
        mqls,
        sqls,
        opportunities,
        won,
        revenue,
        spend,
      });
      expect(rows.map(pick)).toEqual([...t.by_channel].sort((a, b) => (a.channel < b.channel ? -1 : 1)).map(pick));
    } finally {
      await store.close();
    }
  });
});
