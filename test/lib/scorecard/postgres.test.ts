import { describe, it, expect, beforeAll, afterAll } from "vitest";
import pg from "pg";
import { startPostgres, type TestPostgres } from "../../setup/postgres.ts";
import {
  conditionToSql,
  matches,
  rubricScoreSql,
  rubricScore,
  fromCsv,
  type Condition,
} from "../../../lib/scorecard/index.ts";
import { gradeSql, grade } from "../../../lib/qualify/index.ts";

// The conditions, rubric and grade SQL promise portable standard SQL: run them in PostgreSQL.
let server: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({
    host: server.env.PGHOST,
    port: Number(server.env.PGPORT),
    user: server.env.PGUSER,
    password: server.env.PGPASSWORD,
    database: server.env.PGDATABASE,
  });
  await client.connect();
  await client.query(`CREATE TABLE leads (id INTEGER, channel VARCHAR, visits DOUBLE PRECISION, flag BOOLEAN)`);
  const rows: Array<[number, string | null, number | null, boolean | null]> = [
    [0, "email", 0, true],
    [1, " Email ", 4.9, false],
    [2, "referral", 5, null],
    [3, "it's", 10, true],
    [4, "", 12, false],
    [5, null, null, null],
    [6, "sms", 20, true],
    [7, "a, b", -1, false],
  ];
  for (const r of rows) await client.query("INSERT INTO leads VALUES ($1, $2, $3, $4)", r);
});
afterAll(async () => {
  await client?.end();
  server?.stop();
});

const leads = [
  { id: 0, channel: "email", visits: 0, flag: true },
  { id: 1, channel: " Email ", visits: 4.9, flag: false },
  { id: 2, channel: "referral", visits: 5, flag: null },
  { id: 3, channel: "it's", visits: 10, flag: true },
  { id: 4, channel: "", visits: 12, flag: false },
  { id: 5, channel: null, visits: null, flag: null },
  { id: 6, channel: "sms", visits: 20, flag: true },
  { id: 7, channel: "a, b", visits: -1, flag: false },
];

describe("conditions, rubric and grades in PostgreSQL", () => {
  it("selects the same leads as matches() for every kind of condition", async () => {
    const cases: Array<[string, Condition, Condition[]?]> = [
      ["channel", { kind: "equals", values: ["EMAIL", "it's", "a, b"] }],
      ["channel", { kind: "missing" }],
      ["channel", { kind: "other" }, [{ kind: "equals", values: ["email"] }, { kind: "missing" }]],
      ["visits", { kind: "range", min: 5, max: 12, minInclusive: true, maxInclusive: false }],
      ["visits", { kind: "range", max: 5, minInclusive: false, maxInclusive: true }],
      ["visits", { kind: "missing" }],
      ["flag", { kind: "equals", values: ["true"] }],
    ];
    for (const [col, c, otherOf] of cases) {
      const r = await client.query(
        `SELECT id FROM leads WHERE ${conditionToSql(`"${col}"`, c, { otherOf })} ORDER BY id`,
      );
      const want = leads.filter((l) => matches(l[col as keyof typeof l], c, { otherOf })).map((l) => l.id);
      expect(
        r.rows.map((x) => x.id),
        JSON.stringify(c),
      ).toEqual(want);
    }
  });

  it("scores a rubric and grades leads exactly as in JS", async () => {
    const rubric = fromCsv(
      `attribute,condition,points\n(base),,10\nchannel,= email,15\nchannel,other,-5\nvisits,≥ 5,10\nvisits,missing,-10\n`,
    );
    const cuts = { fit: [0, 5, 10] as [number, number, number], intent: [-5, 0, 20] as [number, number, number] };
    const r = await client.query(
      `SELECT id, ${rubricScoreSql(rubric)} AS points, ${gradeSql(`"visits"`, `${rubricScoreSql(rubric)} - 20`, cuts)} AS grade FROM leads WHERE visits IS NOT NULL ORDER BY id`,
    );
    for (const row of r.rows) {
      const l = leads[row.id];
      expect(Number(row.points)).toBe(rubricScore(rubric, l));
      expect(row.grade).toBe(grade(l.visits!, rubricScore(rubric, l) - 20, cuts));
    }
  });
});
