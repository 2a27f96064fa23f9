import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { syntheticStore } from "../model/synthetic.ts";
import { all, exec, type Store } from "../../../lib/store/index.ts";
import {
  buildEncoding,
  resolveInputs,
  encodeSql,
  patternQuery,
  leadsRelation,
  type Encoding,
} from "../../../lib/features/index.ts";
import { levelIndex } from "../../../lib/scorecard/index.ts";

let store: Store;
let encoding: Encoding;
let decided = 0;
const relation = leadsRelation({ asOf: "2025-01-01", halfLifeDays: 30, activity: false });

beforeAll(async () => {
  store = await syntheticStore(5000);
  const { inputs } = await resolveInputs(store.conn, undefined);
  encoding = await buildEncoding(store.conn, inputs, relation, "won IS NOT NULL");
  decided = (await all<{ n: number }>(store.conn, "SELECT count(*) AS n FROM outcomes WHERE outcome <> 'open'"))[0].n;
});
afterAll(async () => store.close());

describe("inputs from roles", () => {
  it("default to every fit.* and intent.* attribute plus channel, never post_outcome", async () => {
    expect(encoding.attributes.map((a) => [a.name, a.role, a.kind])).toEqual([
      ["industry", "fit.firmographic", "categorical"],
      ["visits", "intent.behavioral", "numeric"],
      ["channel", "intent.behavioral", "categorical"],
    ]);
  });
  it("refuse a post_outcome attribute unless allowed, and then warn", async () => {
    await expect(resolveInputs(store.conn, ["industry", "sales_tag"])).rejects.toThrow(
      /sales_tag.*post_outcome.*allow_post_outcome/,
    );
    const { inputs, warnings } = await resolveInputs(store.conn, ["industry", "sales_tag"], { allowPostOutcome: true });
    expect(inputs.map((i) => i.name)).toEqual(["industry", "sales_tag"]);
    expect(warnings.join(" ")).toMatch(/sales_tag/);
  });
  it("name unknown attributes and accept the built-ins", async () => {
    await expect(resolveInputs(store.conn, ["nope"])).rejects.toThrow(/no attribute named "nope"/);
    const { inputs } = await resolveInputs(store.conn, ["channel", "created_month"]);
    expect(inputs.map((i) => i.source)).toEqual(["channel", "created_month"]);
  });
});

describe("levels from the data", () => {
  it("normalise case and spaces, keep missing, pool the rare level", () => {
    const industry = encoding.attributes[0];
    expect(industry.levels.map((l) => l.level)).toEqual([
      "retail",
      "software",
      "finance",
      "health",
      "missing",
      "other",
    ]);
    expect(industry.levels[industry.reference].level).toBe("retail");
    expect(industry.levels.find((l) => l.level === "other")!.leads).toBeGreaterThan(0); // "mining"
    expect(industry.levels.reduce((s, l) => s + l.leads, 0)).toBe(decided); // open leads are not training leads
    expect(decided).toBeLessThan(5000);
    expect(industry.informationValue).toBeGreaterThan(0.05);
  });
  it("bin numbers monotonically with a missing bin", () => {
    const visits = encoding.attributes[1];
    const bins = visits.levels.filter((l) => l.condition.kind === "range");
    const rates = bins.map((l) => l.conversions / l.leads);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1]);
    expect(visits.levels.at(-1)!.condition).toEqual({ kind: "missing" });
    expect(bins.length).toBeGreaterThanOrEqual(2);
  });
});

describe("encoding SQL", () => {
  it("gives every lead the same level index as the conditions do in JS", async () => {
    for (const [i, attr] of encoding.attributes.entries()) {
      const col = attr.name;
      const rows = await all<{ v: unknown; code: number }>(
        store.conn,
        `SELECT ${col} AS v, ${encodeSql(attr)} AS code FROM leads`,
      );
      const conditions = attr.levels.map((l) => l.condition);
      for (const r of rows) expect(r.code, `${attr.name} ${i} ${r.v}`).toBe(levelIndex(r.v, conditions));
    }
  });
  it("sends unseen values to other and odd spellings to their level", async () => {
    await exec(store.conn, "CREATE TEMP TABLE probe(industry VARCHAR)");
    await exec(store.conn, "INSERT INTO probe VALUES ('  SOFTWARE'), ('quarrying'), (''), (NULL)");
    const attr = encoding.attributes[0];
    const codes = (await all<{ c: number }>(store.conn, `SELECT ${encodeSql(attr)} AS c FROM probe`)).map(
      (r) => attr.levels[r.c].level,
    );
    expect(codes).toEqual(["software", "other", "missing", "missing"]);
  });
  it("aggregates leads into patterns with GROUP BY (standard SQL)", async () => {
    const sql = patternQuery(encoding, { table: relation, where: "won IS NOT NULL", outcome: "won" });
    expect(sql).not.toMatch(/GROUP BY ALL/);
    const rows = await all<{ leads: number; conversions: number }>(store.conn, sql);
    expect(rows.reduce((s, r) => s + r.leads, 0)).toBe(decided);
    expect(rows.length).toBeLessThan(6 * 8 * 3 + 1);
    const perLead = await all(
      store.conn,
      patternQuery(encoding, { table: relation, where: "won IS NOT NULL", aggregate: false }),
    );
    expect(perLead.length).toBe(decided);
  });
});
