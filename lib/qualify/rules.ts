import { parseDocument } from "yaml";
import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../errors/UserError.ts";
import { conditionToSql, formatCondition, forType, parseCondition, type Condition } from "../scorecard/condition.ts";
import type { KnownAttribute } from "../scorecard/io.ts";
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
    throw new UserError(`${where}: cannot read ${JSON.stringify(text)}; expected "<attribute> <condition>", e.g. "current_occupation = Student", "total_visits < 1", "country in (India, Nepal)" or "city missing".`);
  }
  const condition = parseCondition(m[2], `${where} (${m[1]})`);
  if (condition.kind === "other") {
    throw new UserError(`${where}: "other" means "no other level of the scorecard", which a rule does not have; name the values, e.g. "${m[1]} in (a, b)".`);
  }
  return { attribute: m[1], condition };
}

/**
 * Reads disqualification rules from YAML:
 * `rules: [{ name, reason, when: "<attribute> <condition>" | ["<attribute> <condition>", …] }]`
 * (a list in `when` means all must hold). Every mistake is a UserError naming the file, the
 * rule and the key.
 */
export function parseRules(text: string, options: ParseRulesOptions = {}): DisqualificationRule[] {
  const file = options.file ?? "rules.yml";
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new UserError(`${file}, line ${e.linePos?.[0]?.line ?? "?"}: not valid YAML (${e.message.split("\n")[0]}).`);
  }
  const data = doc.toJS() as { rules?: unknown } | null;
  if (!data || typeof data !== "object" || !Array.isArray(data.rules)) {
    throw new UserError(`${file}: expected a top-level "rules:" list, e.g.\nrules:\n  - name: students\n    reason: Students rarely buy\n    when: current_occupation = Student`);
  }
  const names = new Set<string>();
  return data.rules.map((raw, i) => {
    const at = `${file}, rules[${i}]`;
    const r = raw as Record<string, unknown>;
    if (!r || typeof r !== "object") throw new UserError(`${at}: expected a rule with name, reason and when.`);
    const unknown = Object.keys(r).filter((k) => !["name", "reason", "when"].includes(k));
    if (unknown.length) throw new UserError(`${at}: unknown key ${unknown.join(", ")}; a rule has name, reason and when.`);
    const name = typeof r.name === "string" ? r.name.trim() : "";
    if (!name) throw new UserError(`${at}, key name: missing; give each rule a short name.`);
    if (names.has(name)) throw new UserError(`${at}, key name: "${name}" is used by an earlier rule; names must differ.`);
    names.add(name);
    const reason = typeof r.reason === "string" ? r.reason.trim() : "";
    if (!reason) throw new UserError(`${file}, rule "${name}", key reason: missing; say why these leads are disqualified (it is reported with the rule).`);
    const whens = typeof r.when === "string" ? [r.when] : Array.isArray(r.when) ? r.when : null;
    if (!whens || whens.length === 0 || whens.some((w) => typeof w !== "string")) {
      throw new UserError(`${file}, rule "${name}", key when: expected "<attribute> <condition>" or a list of them (all must hold).`);
    }
    const when = (whens as string[]).map((w, j) => {
      const where = `${file}, rule "${name}", when${whens.length > 1 ? `[${j}]` : ""}`;
      const rc = parseRuleCondition(w, where);
      const info = checkAttribute(rc.attribute, options.known, `${file}, rule "${name}", when`);
      return { attribute: rc.attribute, condition: forType(rc.condition, info?.type, where, rc.attribute) };
    });
    return { name, reason, when };
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
  rules: Array<RuleEffect & {
    name: string;
    reason: string;
    when: string[];
    /** Leads no other rule removes (and converters among them). */
    only: { leads: number; converted: number };
    /** Attributes of the rule whose role is post_outcome: unknown when a lead is qualified. */
    post_outcome: string[];
  }>;
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
export async function evaluateRules(conn: DuckDBConnection, rules: DisqualificationRule[], source: LeadSource = {}, known?: KnownAttribute[]): Promise<RulesReport> {
  const s = resolveSource(source);
  const conds = rules.map((r) => `(${ruleSql(r, s.column)})`);
  const any = conds.length ? conds.join(" OR ") : "FALSE";
  const sum = (cond: string, what: string) => `SUM(CASE WHEN ${cond} THEN ${what} ELSE 0 END)`;
  const parts = ["COUNT(*) AS n", `SUM(${s.converted}) AS c`, `${sum(any, "1")} AS any_n`, `${sum(any, s.converted)} AS any_c`];
  conds.forEach((c, i) => {
    const others = conds.filter((_, j) => j !== i);
    const only = others.length ? `${c} AND NOT (${others.join(" OR ")})` : c;
    parts.push(`${sum(c, "1")} AS n_${i}`, `${sum(c, s.converted)} AS c_${i}`, `${sum(only, "1")} AS o_n_${i}`, `${sum(only, s.converted)} AS o_c_${i}`);
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
