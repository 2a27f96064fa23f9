/** Issue 14: keys that change how ingest reads values are refused by `fit --pushdown`, which reads PostgreSQL's values as they are. */
import { describe, it, expect } from "vitest";
import { leadsQuery } from "../../loaders/postgres/fit.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import type { SourceConfig } from "../../loaders/config/types.ts";

const base: SourceConfig = {
  source: "pg",
  leads: { postgres: { table: "crm.leads" }, id: "lead_id", channel: "src" },
  attributes: [
    { name: "pdays", role: "intent.behavioral", type: "numeric" },
    { name: "industry", role: "fit.firmographic" },
  ],
  outcome: { column: "y", won: ["yes"] },
};

describe("fit --pushdown and ingest-only readings", () => {
  it("builds the query when no key changes a value", () => {
    expect(leadsQuery(base)).toContain('"pdays" AS "pdays"');
  });
  it("refuses sentinels, value maps and made ids, naming the keys", () => {
    const c = structuredClone(base);
    c.attributes![0].sentinel = [999];
    c.attributes![1].map = { technolgy: "technology" };
    c.leads.channel = { column: "src", map: { adwords: "google" } };
    expect(() => leadsQuery(c)).toThrow(UserError);
    expect(() => leadsQuery(c)).toThrow(
      /fit --pushdown: attributes\[0\]\.sentinel, attributes\[1\]\.map, leads\.channel\.map change how values are read/,
    );
    expect(() => leadsQuery({ ...base, leads: { ...base.leads, id: { row_number: true } } })).toThrow(
      /needs `leads\.id` to name a column/,
    );
  });
});
