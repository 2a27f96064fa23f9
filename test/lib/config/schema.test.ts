import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { checkConfig, closest, dotted, keyed } from "../../../lib/config/schema.ts";
import { fillTables, renderTable } from "../../../lib/config/docs.ts";
import { parseYaml } from "../../../lib/config/yaml.ts";
import { isUserError } from "../../../lib/errors/UserError.ts";
import { parseRules } from "../../../lib/qualify/rules.ts";
import { loadFramework } from "../../../lib/qualify/frameworks.ts";

const LAUGHS = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ...["b", "c", "d", "e", "f", "g", "h"].map(
    (k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`,
  ),
].join("\n");

describe("config schema machinery", () => {
  it("writes key paths in each file kind's style", () => {
    expect(dotted.where(["attributes", 3, "role"], {})).toBe("attributes[3].role");
    expect(dotted.where([], {})).toBe("(top level)");
    expect(keyed.where(["criteria", 0, "match"], {})).toBe("criteria[0], key match");
    expect(keyed.where(["rules", 1], {})).toBe("rules[1]");
    expect(closest("atributes", ["attributes", "missing"])).toBe("attributes");
    expect(closest("zzz", ["attributes", "missing"])).toBeUndefined();
  });

  it("reports the first problem as one UserError, with the best-matching form of a union", () => {
    const s = z.strictObject({
      a: z.union([z.string(), z.strictObject({ column: z.string() })]),
      n: z.number().optional(),
    });
    const err = (doc: unknown) => {
      try {
        checkConfig(s, doc, "x.yml");
      } catch (e) {
        expect(isUserError(e)).toBe(true);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(err({ a: { column: 1 } })).toBe("x.yml: a.column: expected a text, got 1.");
    expect(err({ a: "x", n: "3" })).toBe('x.yml: n: expected a number, got "3".');
    expect(err({ a: "x", m: 1 })).toBe('x.yml: m: expected a known key (one of a, n), got "m".');
    expect(err({})).toBe("x.yml: a: expected a value (this key is required), got nothing.");
    expect(checkConfig(s, { a: "x", n: null }, "x.yml")).toEqual({ a: "x" });
  });

  it("a billion-laughs document is a UserError in every config reader (rules used to exit 2)", () => {
    expect(() => parseYaml(LAUGHS, "f.yml")).toThrow(/^f\.yml: refused: its YAML aliases/);
    expect(() => parseRules(LAUGHS, { file: "rules.yml" })).toThrow(/^rules\.yml: refused: its YAML aliases/);
    const dir = mkdtempSync(join(tmpdir(), "leadlens-cfg-"));
    writeFileSync(join(dir, "fw.yml"), LAUGHS);
    expect(() => loadFramework(join(dir, "fw.yml"))).toThrow(/fw\.yml: refused: its YAML aliases/);
  });

  it("rules and frameworks refuse unknown and reserved keys, naming file, place and key", () => {
    expect(() => parseRules("rules:\n  - { name: a, reason: r, when: x < 1, constructor: 1 }\n")).toThrow(
      'rules.yml, rule "a", key constructor: expected a key other than __proto__, constructor, prototype (they are reserved), got "constructor".',
    );
    expect(() => parseRules("rules: []\nrule: []\n")).toThrow(
      'rules.yml: unknown key rule; known: rules (did you mean "rules"?).',
    );
    const dir = mkdtempSync(join(tmpdir(), "leadlens-cfg-"));
    writeFileSync(join(dir, "fw.yml"), "name: X\ncriteria:\n  - { key: a, name: A, mach: [x] }\n");
    expect(() => loadFramework(join(dir, "fw.yml"))).toThrow(
      /fw\.yml, criteria\[0\]: unknown key mach; known: key, name, question, match, roles \(did you mean "match"\?\)/,
    );
    writeFileSync(join(dir, "fw.yml"), "name: X\ncriteria: []\n");
    expect(() => loadFramework(join(dir, "fw.yml"))).toThrow(
      /fw\.yml, key criteria: expected a non-empty list of criteria/,
    );
  });

  it("renders and fills the docs tables from descriptions and defaults", () => {
    const t = {
      shape: {
        n: z.number().default(3).meta({ description: "N | count." }),
        s: z.string().optional().meta({ description: "S." }),
      },
      defaults: true,
    };
    expect(renderTable(t)).toBe(
      "| key | default | meaning |\n|---|---|---|\n| `n` | `3` | N \\| count. |\n| `s` | none | S. |",
    );
    expect(fillTables("a\n<!-- schema: t -->\nold\n<!-- /schema -->\nb", { t })).toBe(
      `a\n<!-- schema: t -->\n${renderTable(t)}\n<!-- /schema -->\nb`,
    );
    expect(() => fillTables("<!-- schema: u -->\n<!-- /schema -->", { t })).toThrow(/names no table/);
    expect(() => renderTable({ shape: { x: z.string() } })).toThrow(/the key x has no description/);
  });
});
