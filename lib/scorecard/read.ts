import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { fromCsv, fromJson, type KnownAttribute } from "./io.ts";
import type { Rubric } from "./types.ts";

/**
 * The attributes a rubric or a rule may name: the store's attributes plus the lead's channel and
 * campaign. Passed to {@link readRubric} so a misspelt attribute is an error, not zero points.
 */
export async function knownAttributes(conn: DuckDBConnection): Promise<KnownAttribute[]> {
  const rows = await all<{ name: string; role: string; type: string }>(conn, "SELECT DISTINCT name, role, type FROM attributes ORDER BY name");
  return [...rows, { name: "channel", role: "intent.behavioral", type: "categorical" }, { name: "campaign", role: "intent.behavioral", type: "categorical" }];
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
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UserError(`Cannot read the rubric ${file}: it does not exist or is not readable.`);
  }
  if (extname(file).toLowerCase() === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new UserError(`${file}: not valid JSON (expected the points format written by \`leadlens points export --format json\`).`);
    }
    return fromJson(data, { file, known });
  }
  return fromCsv(text, { file, known });
}
