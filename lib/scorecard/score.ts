import { conditionToSql, formatCondition, matches } from "./condition.ts";
import type { Rubric, RubricAttribute } from "./types.ts";
import { ident } from "../store/query.ts";

/** A lead as attribute name → value (e.g. a row of `leads`). */
export type Lead = Record<string, unknown>;

/** What one attribute gives a lead: the level(s) that covered its value and their points. */
export interface AttributePoints {
  attribute: string;
  role?: string;
  /** The covering level's name; several joined with " + " when hand-made rows stack; "" if none. */
  level: string;
  points: number;
}

function levelName(l: RubricAttribute["levels"][number]): string {
  return l.level ?? formatCondition(l.condition);
}

/**
 * The rows of one attribute that count for `value`: every non-`other` row that covers it, or the
 * `other` rows when none does.
 */
export function coveringLevels(attribute: RubricAttribute, value: unknown): RubricAttribute["levels"] {
  const hit = attribute.levels.filter((l) => l.condition.kind !== "other" && matches(value, l.condition));
  return hit.length > 0 ? hit : attribute.levels.filter((l) => l.condition.kind === "other");
}

/**
 * Each attribute's points for one lead, in the rubric's attribute order.
 *
 * @example
 * attributePoints(rubric, { channel: "Email", visits: 12 })
 * // → [{ attribute: "channel", level: "email", points: 15 }, { attribute: "visits", level: "≥ 10", points: 8 }]
 */
export function attributePoints(rubric: Rubric, lead: Lead): AttributePoints[] {
  return rubric.attributes.map((a) => {
    const hit = coveringLevels(a, lead[a.name]);
    const out: AttributePoints = {
      attribute: a.name,
      level: hit.map(levelName).join(" + "),
      points: hit.reduce((t, l) => t + l.points, 0),
    };
    if (a.role !== undefined) out.role = a.role;
    return out;
  });
}

/**
 * A lead's points under a rubric or scorecard: base + each attribute's points.
 *
 * @example
 * rubricScore({ base: 10, attributes: [{ name: "channel", levels: [
 *   { condition: { kind: "equals", values: ["email"] }, points: 15 }] }] }, { channel: "Email" }) // → 25
 */
export function rubricScore(rubric: Rubric, lead: Lead): number {
  return attributePoints(rubric, lead).reduce((t, a) => t + a.points, rubric.base);
}

/** Where to read each attribute in SQL: a map name → SQL expression, or a function. Default: the quoted column name. */
export type ColumnsSql = Record<string, string> | ((name: string) => string);

function columnOf(columns: ColumnsSql | undefined, name: string): string {
  if (typeof columns === "function") return columns(name);
  return columns?.[name] ?? ident(name);
}

function pointsLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`rubric points must be finite, got ${x}`);
  return String(x);
}

/**
 * One attribute's points as a SQL expression (DuckDB and PostgreSQL), with the same stacking and
 * `other` rule as {@link attributePoints}.
 */
export function attributePointsSql(attribute: RubricAttribute, columnSql: string): string {
  const plain = attribute.levels.filter((l) => l.condition.kind !== "other");
  const other = attribute.levels.filter((l) => l.condition.kind === "other");
  const terms = plain.map(
    (l) => `CASE WHEN ${conditionToSql(columnSql, l.condition)} THEN ${pointsLiteral(l.points)} ELSE 0 END`,
  );
  const otherPoints = other.reduce((t, l) => t + l.points, 0);
  if (other.length > 0 && otherPoints !== 0) {
    const cond = conditionToSql(columnSql, { kind: "other" }, { otherOf: plain.map((l) => l.condition) });
    terms.push(`CASE WHEN ${cond} THEN ${pointsLiteral(otherPoints)} ELSE 0 END`);
  }
  return terms.length === 0 ? "0" : `(${terms.join(" + ")})`;
}

/**
 * A lead's total points as a SQL expression over the leads table's columns.
 *
 * @example
 * rubricScoreSql(rubric) // → "(600 + (CASE WHEN COALESCE(LOWER(TRIM(CAST(\"channel\" AS VARCHAR))) IN ('email'), FALSE) THEN 15 ELSE 0 END) + …)"
 */
export function rubricScoreSql(rubric: Rubric, columns?: ColumnsSql): string {
  const parts = rubric.attributes.map((a) => attributePointsSql(a, columnOf(columns, a.name)));
  return `(${[pointsLiteral(rubric.base), ...parts].join(" + ")})`;
}

/**
 * The points of the attributes on one axis, without the base: "fit" sums attributes whose role
 * starts with `fit.`, "intent" those starting with `intent.`. 0 when the axis has none.
 */
export function axisPointsSql(rubric: Rubric, axis: "fit" | "intent", columns?: ColumnsSql): string {
  const parts = rubric.attributes
    .filter((a) => onAxis(a.role, axis))
    .map((a) => attributePointsSql(a, columnOf(columns, a.name)));
  return parts.length === 0 ? "0" : `(${parts.join(" + ")})`;
}

/** True when a role belongs to the axis ("fit.firmographic" → fit). */
export function onAxis(role: string | undefined, axis: "fit" | "intent"): boolean {
  return role !== undefined && (role === axis || role.startsWith(`${axis}.`));
}

/** A lead's points on one axis (no base), in JS: same rule as {@link axisPointsSql}. */
export function axisPoints(rubric: Rubric, lead: Lead, axis: "fit" | "intent"): number {
  return attributePoints(rubric, lead)
    .filter((a) => onAxis(a.role, axis))
    .reduce((t, a) => t + a.points, 0);
}
