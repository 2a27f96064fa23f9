import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { openStore, type Store } from "../../../lib/store/index.ts";
import { parseRules, parseRuleCondition, evaluateRules } from "../../../lib/qualify/index.ts";
import { wilson } from "../../../lib/stats/index.ts";

const known = [
  { name: "occupation", role: "fit.demographic", type: "categorical" },
  { name: "visits", role: "intent.behavioral", type: "numeric" },
  { name: "tags", role: "post_outcome", type: "categorical" },
];

const yml = `
rules:
  - name: students
    reason: Students rarely buy the course
    when: occupation = Student
  - name: cold
    reason: Never came back to the site
    when:
      - visits < 1
      - occupation in (Student, Unemployed)
  - name: closed
    reason: Sales tagged them as closed
    when: tags = closed
`;

describe("parseRules", () => {
  it("reads rules with one condition or a list ANDed", () => {
    const rules = parseRules(yml, { known });
    expect(rules.map((r) => r.name)).toEqual(["students", "cold", "closed"]);
    expect(rules[1].when).toEqual([
      { attribute: "visits", condition: { kind: "range", max: 1, minInclusive: false, maxInclusive: false } },
      { attribute: "occupation", condition: { kind: "equals", values: ["Student", "Unemployed"] } },
    ]);
    expect(parseRuleCondition("city missing")).toEqual({ attribute: "city", condition: { kind: "missing" } });
    expect(parseRuleCondition("visits>=3").condition).toEqual({
      kind: "range",
      min: 3,
      minInclusive: true,
      maxInclusive: false,
    });
  });

  it("names file, rule and key in every mistake", () => {
    const bad: Array<[string, RegExp]> = [
      ["rules: [", /rules\.yml, line \d+: not valid YAML/],
      ["rule: []", /expected a top-level "rules:" list/],
      ["rules:\n  - reason: x\n    when: visits < 1", /rules\[0\], key name: missing/],
      ["rules:\n  - name: a\n    when: visits < 1", /rule "a", key reason: missing/],
      ["rules:\n  - name: a\n    reason: r", /rule "a", key when: expected/],
      [
        "rules:\n  - name: a\n    reason: r\n    when: visits about 3",
        /rule "a", when \(visits\): cannot read the condition "about 3"/,
      ],
      [
        "rules:\n  - name: a\n    reason: r\n    when: [visits < 1, occupation]",
        /rule "a", when\[1\]: cannot read "occupation"; expected "<attribute> <condition>"/,
      ],
      [
        "rules:\n  - name: a\n    reason: r\n    when: job = CEO",
        /rule "a", when: leads have no attribute "job"; expected one of: occupation, visits, tags/,
      ],
      ["rules:\n  - name: a\n    reason: r\n    when: job other", /"other" means/],
      ["rules:\n  - name: a\n    reason: r\n    when: visits < 1\n    wen: x", /rules\[0\]: unknown key wen/],
      [
        "rules:\n  - {name: a, reason: r, when: visits < 1}\n  - {name: a, reason: r, when: visits < 2}",
        /rules\[1\], key name: "a" is used by an earlier rule/,
      ],
    ];
    for (const [text, re] of bad) expect(() => parseRules(text, { known })).toThrow(re);
  });
});

describe("evaluateRules", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(":memory:");
    const c = store.conn;
    await c.run(
      "ALTER TABLE leads ADD COLUMN occupation VARCHAR; ALTER TABLE leads ADD COLUMN visits DOUBLE; ALTER TABLE leads ADD COLUMN tags VARCHAR",
    );
    // 10 leads: id, occupation, visits, tags, outcome
    const leads: Array<[string, string | null, number | null, string | null, string]> = [
      ["1", "Student", 0, "closed", "won"],
      ["2", "Student", 0, null, "lost"],
      ["3", "Student", 5, null, "lost"],
      ["4", "Unemployed", 0, null, "lost"],
      ["5", "Unemployed", 3, "closed", "lost"],
      ["6", "Working", 0, null, "won"],
      ["7", "Working", 9, null, "won"],
      ["8", null, null, null, "open"],
      ["9", "working ", 2, null, "won"],
      ["10", "Student", null, null, "lost"],
    ];
    const q = (x: unknown) => (x === null ? "NULL" : typeof x === "number" ? String(x) : `'${x}'`);
    await c.run(
      `INSERT INTO leads (lead_id, occupation, visits, tags, source, run_id) VALUES ${leads.map((l) => `(${q(l[0])}, ${q(l[1])}, ${q(l[2])}, ${q(l[3])}, 't', 'r')`).join(", ")}`,
    );
    await c.run(
      `INSERT INTO outcomes (lead_id, outcome) VALUES ${leads.map((l) => `(${q(l[0])}, ${q(l[4])})`).join(", ")}`,
    );
  });
  afterAll(() => store.close());

  it("counts removed leads and lost converters per rule, alone and combined (hand-checked)", async () => {
    const report = await evaluateRules(store.conn, parseRules(yml, { known }), {}, known);
    expect(report.all).toMatchObject({ leads: 10, converted: 4 });
    const [students, cold, closed] = report.rules;
    // students: leads 1, 2, 3, 10 → one converted (lead 1)
    expect(students.removed).toMatchObject({ leads: 4, converted: 1, rate: 0.25 });
    expect(students.removed.low).toBeCloseTo(wilson(1, 4).low, 12);
    expect(students.converters_lost).toMatchObject({ leads: 4, converted: 1, rate: 0.25 });
    expect(students.share_of_leads).toBe(0.4);
    // cold: visits < 1 and student/unemployed → leads 1, 2, 4
    expect(cold.removed).toMatchObject({ leads: 3, converted: 1 });
    expect(cold.when).toEqual(["visits < 1", "occupation in (Student, Unemployed)"]);
    // closed: leads 1, 5 (post_outcome attribute flagged)
    expect(closed.removed).toMatchObject({ leads: 2, converted: 1 });
    expect(closed.post_outcome).toEqual(["tags"]);
    // only: students alone removes 3, 10; cold alone removes 4; closed alone removes 5
    expect(students.only).toEqual({ leads: 2, converted: 0 });
    expect(cold.only).toEqual({ leads: 1, converted: 0 });
    expect(closed.only).toEqual({ leads: 1, converted: 0 });
    // combined: 1, 2, 3, 4, 5, 10 → 6 leads, 1 converter; kept 6, 7, 8, 9 → 3 of 4
    expect(report.combined.removed).toMatchObject({ leads: 6, converted: 1 });
    expect(report.combined.converters_lost.rate).toBe(0.25);
    expect(report.kept).toMatchObject({ leads: 4, converted: 3, rate: 0.75 });
  });

  it('treats = on a numeric attribute as an exact number (DOUBLE 0 reads "0.0" as text)', async () => {
    const rules = parseRules("rules:\n  - { name: zero, reason: no visits, when: visits = 0 }\n", { known });
    expect(rules[0].when[0].condition).toEqual({
      kind: "range",
      min: 0,
      max: 0,
      minInclusive: true,
      maxInclusive: true,
    });
    const report = await evaluateRules(store.conn, rules);
    expect(report.rules[0].removed).toMatchObject({ leads: 4, converted: 2 }); // leads 1, 2, 4, 6
    expect(() => parseRules("rules:\n  - name: z\n    reason: r\n    when: visits in (1, 2)\n", { known })).toThrow(
      /visits is numeric; write one number per row/,
    );
    expect(() => parseRules("rules:\n  - { name: z, reason: r, when: visits = many }\n", { known })).toThrow(
      /visits is numeric, so = many never matches/,
    );
    expect(() => parseRules("rules:\n  - { name: z, reason: r, when: occupation < 3 }\n", { known })).toThrow(
      /occupation is categorical, so a number range does not apply/,
    );
    const flags = [{ name: "do_not_email", type: "boolean", role: "fit.psychographic" }];
    expect(
      parseRules("rules:\n  - { name: z, reason: r, when: do_not_email = Yes }\n", { known: flags })[0].when[0]
        .condition,
    ).toEqual({ kind: "equals", values: ["true"] });
    expect(() =>
      parseRules("rules:\n  - { name: z, reason: r, when: do_not_email = maybe }\n", { known: flags }),
    ).toThrow(/do_not_email is yes\/no/);
  });

  it("restricts to a subset of leads with where", async () => {
    const report = await evaluateRules(store.conn, parseRules(yml, { known }), { where: "lead_id IN ('1', '2', '6')" });
    expect(report.all).toMatchObject({ leads: 3, converted: 2 });
    expect(report.rules[0].removed).toMatchObject({ leads: 2, converted: 1 });
  });
});
