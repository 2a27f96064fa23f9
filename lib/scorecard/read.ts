import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/query.ts";
import { fromCSV } from "arquero";
import { z } from "zod";
import { UserError } from "../errors/UserError.ts";
import { checkConfig, expected } from "../config/schema.ts";
import type { DocTable } from "../config/docs.ts";
import { fromCsvCell } from "../csv/cell.ts";
import { formatCondition, forType, parseCondition } from "./condition.ts";
import { BASE_ROW, POINTS_FORMAT_VERSION, type PointsJson } from "./io.ts";
import type { Rubric, RubricAttribute } from "./types.ts";
import { readConfigText } from "../config/read.ts";

// The rubric's two forms, defined once: the CSV columns and the JSON points format. The readers
// below take their column lists and checks from here; docs/points.md prints the tables and
// schema/points.schema.json publishes the JSON form.

const csvColumns = {
  attribute: z.string().meta({
    description:
      "A column of `leads` (the snake_case name from the source config, or `channel`, `campaign`). `(base)` is the base-points row: at most one, with an empty condition; without it the base is 0.",
  }),
  condition: z.string().meta({ description: "Which leads the row covers, in the condition language below." }),
  points: z.string().meta({ description: "A number (integers in an export; decimals are accepted on import)." }),
  role: z
    .string()
    .optional()
    .meta({ description: "Optional: fit.* or intent.*; default: the attribute's role in the store." }),
  level: z.string().optional().meta({ description: "Optional: a display name of the level." }),
  note: z.string().optional().meta({ description: "Optional: ignored (for your own remarks)." }),
};
const columnsOf = (optional: boolean) =>
  Object.entries(csvColumns)
    .filter(([, s]) => s.safeParse(undefined).success === optional)
    .map(([k]) => k);
const REQUIRED = columnsOf(false);
const OPTIONAL = columnsOf(true);

const pointsValue = z.union([z.number(), z.string()], expected("a number of points like 15 or -5"));
const levelShape = {
  level: z.string(expected("a text")).optional().meta({ description: "The level's display name." }),
  condition: z
    .string(expected("a condition text"))
    .meta({ description: "Which leads the level covers: the same text as the CSV's condition column." }),
  points: pointsValue.meta({ description: "Its points." }),
};
const attributeShape = {
  name: z
    .string(expected("an attribute name"))
    .meta({ description: "The attribute: a column of `leads`, or `channel`, `campaign`." }),
  role: z
    .string(expected("a role such as fit.firmographic"))
    .optional()
    .meta({ description: "fit.* or intent.*; default: the attribute's role in the store." }),
  levels: z
    .array(z.strictObject(levelShape, expected("a mapping")).meta({ id: "PointsLevel" }), expected("a list"))
    .optional()
    .meta({ description: "`{ level, condition, points }` entries." }),
};
const pointsShape = {
  format: z
    .literal("leadlens-points", expected('"leadlens-points"'))
    .optional()
    .meta({ description: 'Always `"leadlens-points"`.' }),
  version: z
    .number(expected("a whole number"))
    .int(expected("a whole number"))
    .optional()
    .meta({ description: `The format's version (${POINTS_FORMAT_VERSION}); a newer one is refused.` }),
  base: pointsValue.optional().meta({ description: "Base points every lead starts from. Default 0." }),
  scaling: z
    .strictObject(
      {
        baseScore: z.number(),
        baseOdds: z.number(),
        pdo: z.number(),
        factor: z.number(),
        offset: z.number(),
        anchor: z.enum(["mean", "zero"]),
      },
      expected("a mapping"),
    )
    .optional()
    .meta({
      description:
        "Written by `export` for a fitted scorecard: baseScore, baseOdds, pdo, factor, offset, anchor (so points read back as odds).",
    }),
  model_id: z
    .string(expected("a text"))
    .optional()
    .meta({ description: "Written by `export`: the model the points come from." }),
  probability_table: z
    .array(z.strictObject({ points: z.number(), probability: z.number() }), expected("a list"))
    .optional()
    .meta({ description: "Written by `export`: the model's calibrated probability for every reachable total." }),
  attributes: z
    .array(z.strictObject(attributeShape, expected("a mapping")).meta({ id: "PointsAttribute" }), expected("a list"))
    .meta({ description: "`{ name, role, levels }` entries (below)." }),
};

/** The JSON points format's schema (what {@link fromJson} reads; {@link toJson}'s output passes it). */
export const pointsFile = z.strictObject(pointsShape, expected("a mapping")).meta({
  title: "leadlens points",
  description:
    "The JSON points format of `leadlens points export --format json` and `points compare --rubric` (docs/points.md).",
});
// toJson's type must be a valid points file: a compile-time check, no runtime cost.
const _written: z.input<typeof pointsFile> = {} as PointsJson;
void _written;

/** The reference tables of docs/points.md, by marker name. */
export const RUBRIC_TABLES: Record<string, DocTable> = {
  "rubric.csv": { shape: csvColumns, heading: "column" },
  "rubric.json": { shape: pointsShape },
  "rubric.json.attribute": { shape: attributeShape },
  "rubric.json.level": { shape: levelShape },
};

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
  if (body.trim() === "")
    throw new UserError(
      `${file}: the file is empty; expected a header row "attribute,condition,points" and one row per level.`,
    );
  const table = fromCSV(body, { autoType: false });
  const header = table.columnNames().map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new UserError(
      `${file}, row 1: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; expected a header row with attribute, condition, points (optional: ${OPTIONAL.join(", ")}), got ${table.columnNames().join(", ")}.`,
    );
  }
  const unknown = header.filter((c) => !REQUIRED.includes(c) && !OPTIONAL.includes(c));
  if (unknown.length > 0) {
    throw new UserError(
      `${file}, row 1: unknown column ${unknown.join(", ")}; the columns are attribute, condition, points and optionally ${OPTIONAL.join(", ")}.`,
    );
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

function buildRubric(
  rows: Array<{ row: number; cells: Record<string, string> }>,
  file: string,
  known?: KnownAttribute[],
): Rubric {
  let base: number | undefined;
  const byName = new Map<string, RubricAttribute>();
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const at = (col: string) => `${file}, row ${row}, column ${col}`;
    const name = cells.attribute.trim();
    const split = /^\s*(in\s*)?[[(]/i.test(cells.condition) && !/[\])]\s*$/.test(cells.condition);
    const points = readPoints(
      cells.points,
      at("points"),
      split
        ? `; the condition ${JSON.stringify(cells.condition)} looks cut at a comma: put a condition containing commas in double quotes, e.g. "[10, 20)"`
        : "",
    );
    if (name.toLowerCase() === BASE_ROW) {
      if (base !== undefined)
        throw new UserError(`${at("attribute")}: a second ${BASE_ROW} row; a rubric has one base-points row.`);
      if (cells.condition.trim() !== "")
        throw new UserError(
          `${at("condition")}: the ${BASE_ROW} row applies to every lead and takes no condition; leave it empty.`,
        );
      base = points;
      continue;
    }
    if (name === "")
      throw new UserError(
        `${at("attribute")}: empty; expected an attribute name (a column of leads) or ${BASE_ROW} for the base points.`,
      );
    const info = checkKnown(name, known, at("attribute"));
    if (cells.condition.trim() === "")
      throw new UserError(
        `${at("condition")}: empty; expected which leads the row covers, e.g. "= email", "in (a, b)", "[10, 20)", "≥ 20", "missing" or "other".`,
      );
    const condition = forType(parseCondition(cells.condition, at("condition")), info?.type, at("condition"), name);
    const key = `${name}\u0000${formatCondition(condition)}`;
    if (seen.has(key))
      throw new UserError(
        `${at("condition")}: ${name} ${formatCondition(condition)} already appears in row ${seen.get(key)}; give each condition one row.`,
      );
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
  if (!Number.isFinite(x))
    throw new UserError(
      `${where}: expected a number of points like 15 or -5, got ${JSON.stringify(text ?? "")}${hint}.`,
    );
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
  const raw = data as { attributes?: unknown; version?: unknown } | null;
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.attributes)) {
    throw new UserError(
      `${file}: not a leadlens points file; expected a JSON object with "base" and "attributes": [{ "name", "levels": [{ "condition", "points" }] }].`,
    );
  }
  // Before the schema: a newer version may have keys this one does not know.
  if (typeof raw.version === "number" && raw.version > POINTS_FORMAT_VERSION) {
    throw new UserError(
      `${file}: points format version ${raw.version} is newer than this leadlens reads (${POINTS_FORMAT_VERSION}); upgrade leadlens.`,
    );
  }
  const d = checkConfig(pointsFile, data, file);
  const rows: Array<{ row: number; cells: Record<string, string> }> = [
    { row: 0, cells: { attribute: BASE_ROW, condition: "", points: String(d.base ?? 0) } },
  ];
  d.attributes.forEach((a, i) => {
    (a.levels ?? []).forEach((l, j) => {
      rows.push({
        row: i * 1000 + j + 1,
        cells: {
          attribute: a.name,
          condition: l.condition,
          points: String(l.points),
          role: a.role ?? "",
          level: l.level ?? "",
        },
      });
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

/**
 * The attributes a rubric or a rule may name: the store's attributes plus the lead's channel and
 * campaign. Passed to {@link readRubric} so a misspelt attribute is an error, not zero points.
 */
export async function knownAttributes(conn: DuckDBConnection): Promise<KnownAttribute[]> {
  const rows = await all<{ name: string; role: string; type: string }>(
    conn,
    "SELECT DISTINCT name, role, type FROM attributes ORDER BY name",
  );
  return [
    ...rows,
    { name: "channel", role: "intent.behavioral", type: "categorical" },
    { name: "campaign", role: "intent.behavioral", type: "categorical" },
  ];
}

/**
 * Reads a hand-made rubric file: CSV (attribute, condition, points) or the JSON points format
 * written by `leadlens points export --format json`. Errors name the file, row and column.
 *
 * @example
 * readRubric("data/examples/rubric-demo.csv", await knownAttributes(conn))
 * // → { base: 0, rows: [{ attribute: "job_role", condition: { kind: "equals", values: ["director"] }, points: 15 }, …] }
 */
export function readRubric(file: string, known?: KnownAttribute[]): Rubric {
  const text = readConfigText(file, "rubric");
  if (extname(file).toLowerCase() === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new UserError(
        `${file}: not valid JSON (expected the points format written by \`leadlens points export --format json\`).`,
      );
    }
    return fromJson(data, { file, known });
  }
  return fromCsv(text, { file, known });
}
