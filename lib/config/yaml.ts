import { parseDocument } from "yaml";
import { UserError } from "../errors/UserError.ts";

/** How a YAML mistake is placed: `(file, line) => "rules.yml, line 3"` etc. Default `file` alone. */
export type YamlPlace = (file: string, line: number | undefined) => string;

/** Aliases a document may expand to, as a multiple of its own nodes (yaml's default guard, 100). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses a config file's YAML text. Every problem is a UserError: a syntax error names the line,
 * and a document whose aliases expand it many-fold (a "billion laughs" file, which would exhaust
 * memory) is refused as such rather than escaping as an internal error.
 *
 * @example
 * parseYaml("rules: [", "rules.yml") // throws: rules.yml: not valid YAML (line 1: …).
 */
export function parseYaml(text: string, file: string, place?: YamlPlace): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    const first = e.message.split("\n")[0].replace(/:$/, "");
    if (place) throw new UserError(`${place(file, line)}: not valid YAML (${first}).`);
    throw new UserError(`${file}: not valid YAML (${first}).`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      throw new UserError(
        `${file}: refused: its YAML aliases (*name) expand it more than ${MAX_ALIAS_COUNT}-fold, as a "billion laughs" file does to exhaust memory; write the repeated values out or use fewer aliases.`,
      );
    }
    throw new UserError(`${file}: not valid YAML (${(e as Error).message.split("\n")[0]}).`);
  }
}
