import { conditionToSql, formatCondition } from "../scorecard/condition.ts";
import { attributePointsSql, type ColumnsSql } from "../scorecard/score.ts";
import type { Rubric, RubricAttribute } from "../scorecard/types.ts";
import { ident } from "../store/query.ts";

function sqlString(v: string): string {
  return `'${v.replaceAll("'", "''")}'`;
}

/** The covering level's name as SQL, with the same stacking and `other` rule as attributePoints. */
export function levelNameSql(attribute: RubricAttribute, columnSql: string): string {
  const plain = attribute.levels.filter((l) => l.condition.kind !== "other");
  const other = attribute.levels.filter((l) => l.condition.kind === "other");
  const name = (l: RubricAttribute["levels"][number]) => sqlString(l.level ?? formatCondition(l.condition));
  const hits = plain.map((l) => `CASE WHEN ${conditionToSql(columnSql, l.condition)} THEN ${name(l)} END`);
  const stacked =
    hits.length === 0 ? "NULL" : hits.length === 1 ? hits[0] : `NULLIF(CONCAT_WS(' + ', ${hits.join(", ")}), '')`;
  const otherName = other.length ? sqlString(other.map((l) => l.level ?? "other").join(" + ")) : "''";
  return `COALESCE(${stacked}, ${otherName})`;
}

/** Options for {@link reasonsSql}. */
export interface ReasonsSqlOptions {
  /** How many positive and negative contributions to keep. Default 3. */
  top?: number;
  /** Where each attribute's value is read (default: the quoted column name). */
  columns?: ColumnsSql;
}

/**
 * A DuckDB expression giving a lead's top reasons as JSON text:
 * `{"top_positive":[{"attribute","level","points"}…],"top_negative":[…]}`, the same lists and
 * order as `explain()` (ties in scorecard order). DuckDB-only (list lambdas and to_json): scoring
 * runs in DuckDB.
 */
export function reasonsSql(rubric: Rubric, options: ReasonsSqlOptions = {}): string {
  const top = options.top ?? 3;
  const col = (name: string) =>
    typeof options.columns === "function" ? options.columns(name) : (options.columns?.[name] ?? ident(name));
  const items = (sign: 1 | -1) =>
    rubric.attributes.map((a, i) => {
      const c = col(a.name);
      // Sort key first in the struct: list_sort orders structs field by field.
      return `struct_pack(k := ${sign === 1 ? "-" : ""}(${attributePointsSql(a, c)}), i := ${i}, attribute := ${sqlString(a.name)}, level := ${levelNameSql(a, c)}, points := ${attributePointsSql(a, c)})`;
    });
  const list = (sign: 1 | -1) => {
    if (rubric.attributes.length === 0) return "[]";
    const filtered = `list_filter(list_value(${items(sign).join(", ")}), x -> x.points ${sign === 1 ? ">" : "<"} 0)`;
    return `list_transform(list_sort(${filtered})[1:${top}], x -> struct_pack(attribute := x.attribute, level := x.level, points := x.points))`;
  };
  return `CAST(to_json(struct_pack(top_positive := ${list(1)}, top_negative := ${list(-1)})) AS VARCHAR)`;
}
