import { fromCSV } from "arquero";
import { UserError } from "../errors/UserError.ts";
import { csvCell, fromCsvCell } from "../csv/cell.ts";
import { formatCondition, formatValueList, forType, parseCondition, type Condition } from "./condition.ts";
import type { Rubric, RubricAttribute, Scorecard } from "./types.ts";

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
  return lines.join("\n") + "\n";
}

/** The condition's text for a CSV cell: a lone value as a one-value list, so it never starts with `=`. */
function csvCondition(c: Condition): string {
  return c.kind === "equals" ? formatValueList(c.values) : formatCondition(c);
}

/** The JSON points format (what {@link toJson} writes and {@link fromJson} reads). */
export interface PointsJson {
  format: "leadlens-points";
  version: number;
  base: number;
  scaling?: Scorecard["scaling"];
  attributes: Array<{ name: string; role?: string; levels: Array<{ level?: string; condition: string; points: number }> }>;
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
          return l.level !== undefined ? { level: l.level, condition: text, points: l.points } : { condition: text, points: l.points };
        }),
      };
      if (a.role !== undefined) attr.role = a.role;
      return attr;
    }),
  };
  if ("scaling" in rubric) out.scaling = rubric.scaling;
  return out;
}

/** What the store knows about an attribute, to check a rubric against it. */
export interface KnownAttribute {
  name: string;
  role?: string;
  /** categorical | numeric | boolean | date */
  type?: string;
}

/** Options for {@link fromCsv} and {@link fromJson}. */
export interface RubricReadOptions {
  /** The file name used in messages. Default "rubric". */
  file?: string;
  /**
   * The attributes leads have (e.g. the `attributes` table plus channel and campaign). When
   * given, each row's attribute must be one of them, ranges must be on numeric attributes, and
   * roles are filled in from here.
   */
  known?: KnownAttribute[];
}

const REQUIRED = ["attribute", "condition", "points"];
const OPTIONAL = ["role", "level", "note"];

/**
 * Reads a hand-made (or exported) rubric from CSV text with columns `attribute, condition,
 * points` (optional: role, level, note). A row with attribute `(base)` sets the base points
 * (default 0). A cell's leading single quote before `=`, `+`, `-`, `@`, tab or CR (what
 * {@link toCsv} writes to keep spreadsheets from running formulas) is dropped. Rows are numbered as a spreadsheet shows them (header = row 1); every problem
 * is a UserError naming file, row and column.
 *
 * @example
 * fromCsv("attribute,condition,points\n(base),,10\nchannel,in (email, referral),15\n")
 * // → { base: 10, attributes: [{ name: "channel", levels: [{ condition: { kind: "equals", values: ["email", "referral"] }, points: 15 }] }] }
 */
export function fromCsv(text: string, options: RubricReadOptions = {}): Rubric {
  const file = options.file ?? "rubric";
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") throw new UserError(`${file}: the file is empty; expected a header row "attribute,condition,points" and one row per level.`);
  const table = fromCSV(body, { autoType: false });
  const header = table.columnNames().map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new UserError(`${file}, row 1: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; expected a header row with attribute, condition, points (optional: ${OPTIONAL.join(", ")}), got ${table.columnNames().join(", ")}.`);
  }
  const unknown = header.filter((c) => !REQUIRED.includes(c) && !OPTIONAL.includes(c));
  if (unknown.length > 0) {
    throw new UserError(`${file}, row 1: unknown column ${unknown.join(", ")}; the columns are attribute, condition, points and optionally ${OPTIONAL.join(", ")}.`);
  }
  const names = table.columnNames();
  const rows: Array<{ row: number; cells: Record<string, string> }> = [];
  let line = 2;
  for (const obj of table.objects() as Array<Record<string, unknown>>) {
    const cells: Record<string, string> = {};
    let newlines = 0;
    names.forEach((n, i) => {
      const v = obj[n] == null ? "" : String(obj[n]);
      newlines += (v.match(/\n/g) ?? []).length;
      // A file leadlens wrote quotes formula-like cells ('=…, '-x); old files and hand-made ones do not.
      cells[header[i]] = fromCsvCell(v);
    });
    if (Object.values(cells).some((v) => v.trim() !== "")) rows.push({ row: line, cells });
    line += 1 + newlines;
  }
  return buildRubric(rows, file, options.known);
}

function buildRubric(rows: Array<{ row: number; cells: Record<string, string> }>, file: string, known?: KnownAttribute[]): Rubric {
  let base: number | undefined;
  const byName = new Map<string, RubricAttribute>();
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const at = (col: string) => `${file}, row ${row}, column ${col}`;
    const name = cells.attribute.trim();
    const split = /^\s*(in\s*)?[[(]/i.test(cells.condition) && !/[\])]\s*$/.test(cells.condition);
    const points = readPoints(cells.points, at("points"), split ? `; the condition ${JSON.stringify(cells.condition)} looks cut at a comma: put a condition containing commas in double quotes, e.g. "[10, 20)"` : "");
    if (name.toLowerCase() === BASE_ROW) {
      if (base !== undefined) throw new UserError(`${at("attribute")}: a second ${BASE_ROW} row; a rubric has one base-points row.`);
      if (cells.condition.trim() !== "") throw new UserError(`${at("condition")}: the ${BASE_ROW} row applies to every lead and takes no condition; leave it empty.`);
      base = points;
      continue;
    }
    if (name === "") throw new UserError(`${at("attribute")}: empty; expected an attribute name (a column of leads) or ${BASE_ROW} for the base points.`);
    const info = checkKnown(name, known, at("attribute"));
    if (cells.condition.trim() === "") throw new UserError(`${at("condition")}: empty; expected which leads the row covers, e.g. "= email", "in (a, b)", "[10, 20)", "≥ 20", "missing" or "other".`);
    const condition = forType(parseCondition(cells.condition, at("condition")), info?.type, at("condition"), name);
    const key = `${name}\u0000${formatCondition(condition)}`;
    if (seen.has(key)) throw new UserError(`${at("condition")}: ${name} ${formatCondition(condition)} already appears in row ${seen.get(key)}; give each condition one row.`);
    seen.set(key, row);
    const attr = byName.get(name) ?? { name, levels: [] };
    const role = cells.role?.trim() || info?.role;
    if (role && attr.role === undefined) attr.role = role;
    const level: RubricAttribute["levels"][number] = { condition, points };
    if (cells.level?.trim()) level.level = cells.level.trim();
    attr.levels.push(level);
    byName.set(name, attr);
  }
  return { base: base ?? 0, attributes: [...byName.values()] };
}

function readPoints(text: string | undefined, where: string, hint = ""): number {
  const t = (text ?? "").trim().replace(/^\+/, "");
  const x = t === "" ? NaN : Number(t);
  if (!Number.isFinite(x)) throw new UserError(`${where}: expected a number of points like 15 or -5, got ${JSON.stringify(text ?? "")}${hint}.`);
  return x;
}

function checkKnown(name: string, known: KnownAttribute[] | undefined, where: string): KnownAttribute | undefined {
  if (!known) return undefined;
  const hit = known.find((k) => k.name === name) ?? known.find((k) => k.name.toLowerCase() === name.toLowerCase());
  if (!hit) {
    const list = known.map((k) => k.name);
    const shown = list.length > 30 ? `${list.slice(0, 30).join(", ")}, …` : list.join(", ");
    throw new UserError(`${where}: leads have no attribute ${JSON.stringify(name)}; expected one of: ${shown}.`);
  }
  return hit;
}


/**
 * Reads the JSON points format written by {@link toJson} (from an exported file or a model
 * artifact's points). Same checks as {@link fromCsv}; rows are named by attribute and position.
 */
export function fromJson(data: unknown, options: RubricReadOptions = {}): Rubric {
  const file = options.file ?? "rubric";
  const d = data as Partial<PointsJson> | null;
  if (!d || typeof d !== "object" || !Array.isArray(d.attributes)) {
    throw new UserError(`${file}: not a leadlens points file; expected a JSON object with "base" and "attributes": [{ "name", "levels": [{ "condition", "points" }] }].`);
  }
  if (d.version !== undefined && d.version > POINTS_FORMAT_VERSION) {
    throw new UserError(`${file}: points format version ${d.version} is newer than this leadlens reads (${POINTS_FORMAT_VERSION}); upgrade leadlens.`);
  }
  const rows: Array<{ row: number; cells: Record<string, string> }> = [{ row: 0, cells: { attribute: BASE_ROW, condition: "", points: String(d.base ?? 0) } }];
  d.attributes.forEach((a, i) => {
    (a.levels ?? []).forEach((l, j) => {
      rows.push({ row: i * 1000 + j + 1, cells: { attribute: String(a.name ?? ""), condition: String(l.condition ?? ""), points: String(l.points), role: a.role ?? "", level: l.level ?? "" } });
    });
  });
  try {
    return buildRubric(rows, file, options.known);
  } catch (e) {
    // Re-word "row N" for JSON: attribute i, level j.
    if (e instanceof UserError) throw new UserError(e.message.replace(/row (\d+)/g, (_, n) => jsonPlace(Number(n))));
    throw e;
  }
}

function jsonPlace(n: number): string {
  return n === 0 ? "base" : `attributes[${Math.floor((n - 1) / 1000)}].levels[${(n - 1) % 1000}]`;
}
