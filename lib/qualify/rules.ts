import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { UserError } from "../errors/UserError.ts";
import { checkConfig, expected, keyed, text, type Style } from "../config/schema.ts";
import type { DocTable } from "../config/docs.ts";
import { parseYaml } from "../config/yaml.ts";
import { conditionToSql, formatCondition, forType, parseCondition, type Condition } from "../scorecard/condition.ts";
import type { KnownAttribute } from "../scorecard/read.ts";
import { one } from "../store/query.ts";
import { rate, type Rate } from "./rate.ts";
import { resolveSource, type LeadSource } from "./relation.ts";

/** One attribute condition of a rule, e.g. `current_occupation = Student`. */
export interface RuleCondition {
  attribute: string;
  condition: Condition;
}

/** A disqualification rule: leads meeting every condition in `when` are removed, for `reason`. */
export interface DisqualificationRule {
  name: string;
  reason: string;
  when: RuleCondition[];
}

/** Options for {@link parseRules}. */
export interface ParseRulesOptions {
  /** File name for messages. Default "rules.yml". */
  file?: string;
  /** The attributes leads have: each condition's attribute must be one of them. */
  known?: KnownAttribute[];
}

/**
 * Reads one `when` entry: `<attribute> <condition text>`, e.g. `total_visits < 1` or
 * `country in (India, Nepal)`.
 *
 * @example
 * parseRuleCondition("total_visits < 1") // → { attribute: "total_visits", condition: { kind: "range", max: 1, … } }
 */
export function parseRuleCondition(text: string, where = "when"): RuleCondition {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$/s.exec(text);
  if (!m || m[2].trim() === "") {
    throw new UserError(
      `${where}: cannot read ${JSON.stringify(text)}; expected "<attribute> <condition>", e.g. "current_occupation = Student", "total_visits < 1", "country in (India, Nepal)" or "city missing".`,
    );
  }
  const condition = parseCondition(m[2], `${where} (${m[1]})`);
  if (condition.kind === "other") {
    throw new UserError(
      `${where}: "other" means "no other level of the scorecard", which a rule does not have; name the values, e.g. "${m[1]} in (a, b)".`,
    );
  }
  return { attribute: m[1], condition };
}

const WHEN = '"<attribute> <condition>" or a list of them (all must hold)';
const ruleShape = {
  name: text("a short name (text)", "missing; give each rule a short name").meta({
    description: "A short name, unique in the file (e.g. `students`).",
  }),
  reason: text(
    "a sentence (text)",
    "missing; say why these leads are disqualified (it is reported with the rule)",
  ).meta({ description: "Why these leads are disqualified; reported with the rule." }),
  when: z
    .union(
      [
        text(`"<attribute> <condition>"`),
        z.array(text(`"<attribute> <condition>"`), expected(WHEN)).min(1, expected(WHEN)),
      ],
      expected(WHEN, `expected ${WHEN}, got nothing`),
    )
    .meta({
      description:
        "`<attribute> <condition>` (e.g. `total_visits < 1`, `country in (India, Nepal)`, `city missing`), or a list of them: all must hold. Conditions are the points-table language (docs/points.md).",
    }),
};
const rulesShape = {
  rules: z
    .array(
      z.strictObject(ruleShape, expected("a rule with name, reason and when")).meta({ id: "Rule" }),
      expected("a list"),
    )
    .meta({
      description:
        "The disqualification rules: leads meeting every condition of a rule's `when` are removed, for its `reason`.",
    }),
};

/** The rules file's schema: the one definition of its keys, checks, docs and JSON Schema. */
export const rulesFile = z
  .strictObject(rulesShape, expected("a mapping"))
  .superRefine((d, ctx) => {
    const names = new Set<string>();
    d.rules.forEach((r, i) => {
      const name = r.name.trim();
      if (names.has(name))
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "name"],
          message: `"${name}" is used by an earlier rule; names must differ`,
        });
      names.add(name);
    });
  })
  .meta({
    title: "leadlens disqualification rules",
    description: "rules.yml for `leadlens analyze qualify --rules` (docs/qualify.md).",
  });

/** The reference tables of docs/qualify.md, by marker name. */
export const RULES_TABLES: Record<string, DocTable> = {
  "rules.file": { shape: rulesShape },
  "rules.rule": { shape: ruleShape },
};

/** `rules[1], key name`, or `rule "students", key reason` once the rule has a name. */
const rulesStyle: Style = {
  ...keyed,
  where: (path, doc) => {
    if (path.length === 1 && path[0] === "rules") return "";
    const i = path[1];
    const name = typeof i === "number" ? (doc as { rules?: Array<{ name?: unknown }> }).rules?.[i]?.name : undefined;
    if (path[0] === "rules" && path.length > 2 && path[2] !== "name" && typeof name === "string" && name.trim())
      return keyed.where(path.slice(2), doc).replace(/^/, `rule "${name.trim()}", `);
    return keyed.where(path, doc);
  },
};

/**
 * Reads disqualification rules from YAML:
 * `rules: [{ name, reason, when: "<attribute> <condition>" | ["<attribute> <condition>", …] }]`
 * (a list in `when` means all must hold). Every mistake is a UserError naming the file, the
 * rule and the key.
 */
export function parseRules(text: string, options: ParseRulesOptions = {}): DisqualificationRule[] {
  const file = options.file ?? "rules.yml";
  const data = parseYaml(text, file, (f, line) => `${f}, line ${line ?? "?"}`) as { rules?: unknown } | null;
  if (!data || typeof data !== "object" || !Array.isArray(data.rules)) {
    throw new UserError(
      `${file}: expected a top-level "rules:" list, e.g.\nrules:\n  - name: students\n    reason: Students rarely buy\n    when: current_occupation = Student`,
    );
  }
  return checkConfig(rulesFile, data, file, rulesStyle).rules.map((r) => {
    const name = r.name.trim();
    const whens = typeof r.when === "string" ? [r.when] : r.when;
    const when = whens.map((w, j) => {
      const where = `${file}, rule "${name}", when${whens.length > 1 ? `[${j}]` : ""}`;
      const rc = parseRuleCondition(w, where);
      const info = checkAttribute(rc.attribute, options.known, `${file}, rule "${name}", when`);
      return { attribute: rc.attribute, condition: forType(rc.condition, info?.type, where, rc.attribute) };
    });
    return { name, reason: r.reason.trim(), when };
  });
}

function checkAttribute(name: string, known: KnownAttribute[] | undefined, where: string): KnownAttribute | undefined {
  if (!known) return undefined;
  const hit = known.find((k) => k.name === name);
  if (hit) return hit;
  const list = known.map((k) => k.name);
  const shown = list.length > 30 ? `${list.slice(0, 30).join(", ")}, …` : list.join(", ");
  throw new UserError(`${where}: leads have no attribute "${name}"; expected one of: ${shown}.`);
}

/** The rule's conditions as text, e.g. `["country = India", "total_visits < 1"]`. */
export function ruleText(rule: DisqualificationRule): string[] {
  return rule.when.map((w) => `${w.attribute} ${formatCondition(w.condition)}`);
}

/** The rule as a SQL condition (all its conditions ANDed). */
export function ruleSql(rule: DisqualificationRule, column: (name: string) => string): string {
  return rule.when.map((w) => conditionToSql(column(w.attribute), w.condition)).join(" AND ");
}

/** What one rule (or all rules together) does to the leads. */
export interface RuleEffect {
  /** Leads the rule removes, how many of them converted, and their conversion rate with interval. */
  removed: Rate;
  /** Share of all leads removed. */
  share_of_leads: number;
  /** Converters removed out of all converters, with interval: the rule's cost. */
  converters_lost: Rate;
}

/** The report of {@link evaluateRules}. */
export interface RulesReport {
  /** All leads considered, with their conversion rate. */
  all: Rate;
  rules: Array<
    RuleEffect & {
      name: string;
      reason: string;
      when: string[];
      /** Leads no other rule removes (and converters among them). */
      only: { leads: number; converted: number };
      /** Attributes of the rule whose role is post_outcome: unknown when a lead is qualified. */
      post_outcome: string[];
    }
  >;
  /** Every rule together (a lead is removed when any rule matches). */
  combined: RuleEffect;
  /** The leads that remain, with their conversion rate (compare with `all`). */
  kept: Rate;
}

function effect(leads: number, converted: number, all: { leads: number; converted: number }): RuleEffect {
  return {
    removed: rate(converted, leads),
    share_of_leads: all.leads > 0 ? leads / all.leads : NaN,
    converters_lost: rate(converted, all.converted),
  };
}

/**
 * Counts, in one SQL pass, how many leads each rule removes and how many of those converted, and
 * the same for all rules together.
 *
 * @example
 * await evaluateRules(conn, rules)
 * // → { all: { leads: 9240, converted: 3561, … }, rules: [{ name: "students", removed: { leads: 210, converted: 77, rate: 0.37, … }, converters_lost: { rate: 0.022, … }, … }], combined: …, kept: … }
 */
export async function evaluateRules(
  conn: DuckDBConnection,
  rules: DisqualificationRule[],
  source: LeadSource = {},
  known?: KnownAttribute[],
): Promise<RulesReport> {
  const s = resolveSource(source);
  const conds = rules.map((r) => `(${ruleSql(r, s.column)})`);
  const any = conds.length ? conds.join(" OR ") : "FALSE";
  const sum = (cond: string, what: string) => `SUM(CASE WHEN ${cond} THEN ${what} ELSE 0 END)`;
  const parts = [
    "COUNT(*) AS n",
    `SUM(${s.converted}) AS c`,
    `${sum(any, "1")} AS any_n`,
    `${sum(any, s.converted)} AS any_c`,
  ];
  conds.forEach((c, i) => {
    const others = conds.filter((_, j) => j !== i);
    const only = others.length ? `${c} AND NOT (${others.join(" OR ")})` : c;
    parts.push(
      `${sum(c, "1")} AS n_${i}`,
      `${sum(c, s.converted)} AS c_${i}`,
      `${sum(only, "1")} AS o_n_${i}`,
      `${sum(only, s.converted)} AS o_c_${i}`,
    );
  });
  const row = (await one(conn, `SELECT ${parts.join(", ")} FROM ${s.relation} WHERE ${s.where}`))!;
  const num = (k: string) => Number(row[k] ?? 0);
  const all = { leads: num("n"), converted: num("c") };
  const roles = new Map((known ?? []).map((k) => [k.name, k.role]));
  return {
    all: rate(all.converted, all.leads),
    rules: rules.map((r, i) => ({
      name: r.name,
      reason: r.reason,
      when: ruleText(r),
      ...effect(num(`n_${i}`), num(`c_${i}`), all),
      only: { leads: num(`o_n_${i}`), converted: num(`o_c_${i}`) },
      post_outcome: [...new Set(r.when.map((w) => w.attribute).filter((a) => roles.get(a) === "post_outcome"))],
    })),
    combined: effect(num("any_n"), num("any_c"), all),
    kept: rate(all.converted - num("any_c"), all.leads - num("any_n")),
  };
}
