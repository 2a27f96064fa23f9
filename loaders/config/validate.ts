import { checkConfig } from "../../lib/config/schema.ts";
import { sourceConfig } from "./schema.ts";
import type { SourceConfig } from "./types.ts";

/**
 * Checks a parsed YAML document (or a JS object) against the source-config contract (schema.ts).
 *
 * @returns a typed copy.
 * @throws UserError `<name>: <key path>: expected …, got ….`
 * @example
 * validateConfig({ source: "x", leads: { file: "a.csv", id: "id" }, attributes: [{ name: "t", role: "fit.demo" }] })
 * // throws: source config: attributes[0].role: expected one of id, fit.demographic, …, got "fit.demo".
 */
export function validateConfig(doc: unknown, name = "source config"): SourceConfig {
  return checkConfig(sourceConfig, doc, name);
}
