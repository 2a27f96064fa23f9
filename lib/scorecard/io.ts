import { csvCell } from "../csv/cell.ts";
import { formatCondition, formatValueList, type Condition } from "./condition.ts";
import type { Rubric, Scorecard } from "./types.ts";

/** The attribute name of the base-points row in the CSV and JSON forms. */
export const BASE_ROW = "(base)";

/** Version of the JSON points format; bumped when a reader would misread a newer file. */
export const POINTS_FORMAT_VERSION = 1;

/**
 * The points as CSV a CRM admin can enter: `attribute,condition,points`, the base row first
 * (attribute `(base)`, empty condition), then one row per level. Conditions use the text of
 * {@link formatCondition}, except that one value is written `in (email)` rather than `= email`:
 * a cell starting with `=` is a formula to a spreadsheet. Every cell goes through {@link csvCell}.
 *
 * @example
 * toCsv(card)
 * // → "attribute,condition,points\n(base),,588\nchannel,in (email),15\nchannel,other,-4\n"
 */
export function toCsv(rubric: Rubric): string {
  const lines = ["attribute,condition,points", [BASE_ROW, "", rubric.base].map(csvCell).join(",")];
  for (const a of rubric.attributes) {
    for (const l of a.levels) lines.push([a.name, csvCondition(l.condition), l.points].map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The condition's text for a CSV cell: a lone value as a one-value list, so it never starts with `=`. */
function csvCondition(c: Condition): string {
  return c.kind === "equals" ? formatValueList(c.values) : formatCondition(c);
}

/** The JSON points format as {@link toJson} writes it; lib/scorecard/read.ts holds its schema (what `fromJson` reads). */
export interface PointsJson {
  format: "leadlens-points";
  version: number;
  base: number;
  scaling?: Scorecard["scaling"];
  attributes: Array<{
    name: string;
    role?: string;
    levels: Array<{ level?: string; condition: string; points: number }>;
  }>;
}

/**
 * The points as JSON: the same rows as the CSV (conditions as text), plus roles, level names
 * and, for a fitted scorecard, its scaling (so points read back as odds).
 */
export function toJson(rubric: Rubric | Scorecard): PointsJson {
  const out: PointsJson = {
    format: "leadlens-points",
    version: POINTS_FORMAT_VERSION,
    base: rubric.base,
    attributes: rubric.attributes.map((a) => {
      const attr: PointsJson["attributes"][number] = {
        name: a.name,
        levels: a.levels.map((l) => {
          const text = formatCondition(l.condition);
          return l.level !== undefined
            ? { level: l.level, condition: text, points: l.points }
            : { condition: text, points: l.points };
        }),
      };
      if (a.role !== undefined) attr.role = a.role;
      return attr;
    }),
  };
  if ("scaling" in rubric) out.scaling = rubric.scaling;
  return out;
}
