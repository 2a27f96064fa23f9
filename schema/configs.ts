/**
 * Every config file kind of leadlens, with what is generated from its schema: the published JSON
 * Schema (schema/<name>.schema.json, for editors completing YAML) and the reference tables of its
 * docs page. `npm run schema` writes them (schema/build.ts); test/schema/generated.test.ts fails
 * when a committed copy is stale.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { fillTables, markedTables, type DocTable } from "../lib/config/docs.ts";
import { formats } from "../loaders/ingest/readers.ts";
import { formatSchema, sourceConfig, SOURCE_TABLES } from "../loaders/config/schema.ts";
import { scoringConfig, SCORING_TABLES } from "../lib/model/config.ts";
import { rulesFile, RULES_TABLES } from "../lib/qualify/rules.ts";
import { frameworkFile, FRAMEWORK_TABLES } from "../lib/qualify/frameworks.ts";
import { pointsFile, RUBRIC_TABLES } from "../lib/scorecard/read.ts";

/** One config file kind. */
export interface ConfigKind {
  /** File name stem of its JSON Schema. */
  name: string;
  schema: z.ZodType;
  /** The reference tables, by marker name. */
  tables: Record<string, DocTable>;
  /** The docs pages holding its tables (relative to the repository). */
  docs: string[];
}

export const CONFIGS: ConfigKind[] = [
  { name: "source", schema: sourceConfig, tables: SOURCE_TABLES, docs: ["docs/sources.md"] },
  { name: "scoring", schema: scoringConfig, tables: SCORING_TABLES, docs: ["docs/scoring.md"] },
  { name: "rules", schema: rulesFile, tables: RULES_TABLES, docs: ["docs/qualify.md"] },
  { name: "framework", schema: frameworkFile, tables: FRAMEWORK_TABLES, docs: ["docs/qualify.md"] },
  { name: "points", schema: pointsFile, tables: RUBRIC_TABLES, docs: ["docs/points.md"] },
];

/** The JSON Schema text of a config kind (what the editor's YAML language server reads). */
export function jsonSchema(kind: ConfigKind): string {
  const out = z.toJSONSchema(kind.schema, {
    io: "input",
    target: "draft-2020-12",
    override: (ctx) => {
      // `format` is checked against the reader registry at run time; publish the built-in formats.
      if (ctx.zodSchema === formatSchema) ctx.jsonSchema.enum = formats();
    },
  });
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Every generated file: path (relative to `root`) → its up-to-date text. */
export function generatedFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const kind of CONFIGS) files.set(`schema/${kind.name}.schema.json`, jsonSchema(kind));
  const tables = Object.assign({}, ...CONFIGS.map((k) => k.tables)) as Record<string, DocTable>;
  for (const doc of new Set(CONFIGS.flatMap((k) => k.docs))) {
    const md = files.get(doc) ?? readFileSync(join(root, doc), "utf8");
    files.set(doc, fillTables(md, tables));
  }
  return files;
}

/** Table names of `tables` that no docs page marks (each table must appear somewhere). */
export function unplacedTables(root: string): string[] {
  const marked = new Set(
    CONFIGS.flatMap((k) => k.docs).flatMap((d) => markedTables(readFileSync(join(root, d), "utf8"))),
  );
  return CONFIGS.flatMap((k) => Object.keys(k.tables)).filter((t) => !marked.has(t));
}
