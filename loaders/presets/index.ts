import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { UserError } from "../../lib/errors/UserError.ts";
import { parseConfig, type LoadedConfig } from "../config/load.ts";
import { PRESETS } from "./names.ts";

const here = dirname(fileURLToPath(import.meta.url));

export { PRESETS };

/**
 * Loads a preset config, filling `${dir}` or `${file}` from the flag (resolved against the working folder).
 *
 * @example
 * loadPreset("olist", { dir: "../shared/data/olist-marketing-funnel" }).config.source // → "olist"
 */
export function loadPreset(name: string, flags: { dir?: string; file?: string }): LoadedConfig {
  const preset = PRESETS[name];
  if (!preset) throw new UserError(`Unknown preset "${name}"; known: ${Object.keys(PRESETS).join(", ")}, demo.`);
  const value = flags[preset.flag];
  if (!value) throw new UserError(`The ${name} preset needs ${preset.help}.`);
  const full = resolve(value);
  if (!existsSync(full))
    throw new UserError(
      `${preset.flag === "dir" ? "Folder" : "File"} not found: ${value} (given as --${preset.flag} for the ${name} preset).`,
    );
  const text = readFileSync(join(here, `${name}.yml`), "utf8");
  return parseConfig(text, `${name} preset`, here, { [preset.flag]: full });
}
