import { basename, dirname, isAbsolute, resolve } from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import { parseYaml } from "../../lib/config/yaml.ts";
import { validateConfig } from "./validate.ts";
import type { FileSpec, SourceConfig } from "./types.ts";
import { readConfigText } from "../../lib/config/read.ts";

/** A validated config with the folder its relative paths resolve against. */
export interface LoadedConfig {
  config: SourceConfig;
  /** The config file's path (or a preset's name). */
  path: string;
  /** The config text after placeholder substitution: part of the run's content hash. */
  text: string;
}

/**
 * Parses and validates a source config from YAML text, substitutes `${name}` placeholders from
 * `vars` (presets use `${dir}` and `${file}`), and makes every file path absolute, relative to `baseDir`.
 *
 * @throws UserError `<name>: <key path>: expected …, got …` on any mistake.
 */
export function parseConfig(
  text: string,
  name: string,
  baseDir: string,
  vars: Record<string, string> = {},
): LoadedConfig {
  const filled = text.replace(/\$\{(\w+)\}/g, (m, k: string) => {
    if (!(k in vars))
      throw new UserError(
        `${name}: the placeholder ${m} has no value (known: ${Object.keys(vars).join(", ") || "none"}).`,
      );
    return vars[k];
  });
  const config = validateConfig(parseYaml(filled, name), name);
  for (const spec of fileSpecs(config)) {
    if (spec.file && !isAbsolute(spec.file)) spec.file = resolve(baseDir, spec.file);
  }
  return { config, path: name, text: filled };
}

/** Reads, validates and resolves a config file. */
export function loadConfig(path: string, vars: Record<string, string> = {}): LoadedConfig {
  const text = readConfigText(path, "config");
  const loaded = parseConfig(text, basename(path), dirname(resolve(path)), vars);
  return { ...loaded, path };
}

/** Every file-like part of a config (leads, outcome file, long stages, activities, spend). */
export function fileSpecs(c: SourceConfig): FileSpec[] {
  const out: FileSpec[] = [c.leads];
  if (c.outcome && "lead_id" in c.outcome) out.push(c.outcome);
  if (c.stages?.long) out.push(c.stages.long);
  if (c.activities) out.push(c.activities);
  if (c.spend) out.push(c.spend);
  return out;
}
