import { describe, it, expect } from "vitest";
import { parseConfig, validateConfig } from "../../loaders/config/index.ts";

const parse = (yaml: string) => parseConfig(yaml, "source.yml", "/data/exports");
const base = "source: s\nleads: { file: leads.csv, id: id }\n";

describe("source config schema", () => {
  it("refuses a day the calendar does not have in as_of (it used to pass and fail in DuckDB)", () => {
    expect(() => parse(`${base}as_of: 2024-02-30\n`)).toThrow(
      'source.yml: as_of: expected a date of the calendar like 2024-12-31 (this day or time does not exist), got "2024-02-30".',
    );
    expect(() => parse(`${base}as_of: 2024-12-31 24:00\n`)).toThrow(/as_of: expected a date of the calendar/);
    expect(parse(`${base}as_of: 2024-02-29\n`).config.as_of).toBe("2024-02-29");
    expect(parse(`${base}as_of: "2024-12-31 23:59:59.5"\n`).config.as_of).toBe("2024-12-31 23:59:59.5");
  });

  it("refuses keys named after JavaScript's object machinery, anywhere", () => {
    for (const [yaml, where] of [
      [`${base}constructor: x\n`, "constructor"],
      [`${base}__proto__: { currency: EUR }\n`, "__proto__"],
      [`${base}stages: { order: [lead, won], wide: { __proto__: d } }\n`, "stages.wide.__proto__"],
      [`${base}attributes: [{ name: a, role: id, prototype: 1 }]\n`, "attributes[0].prototype"],
    ]) {
      expect(() => parse(yaml)).toThrow(
        `source.yml: ${where}: expected a key other than __proto__, constructor, prototype (they are reserved), got "${where
          .split(".")
          .at(-1)!
          .replace(/^attributes\[0\]\./, "")}".`,
      );
    }
    expect(() => parse(`${base}toString: x\n`)).toThrow(
      /source\.yml: toString: expected a known key \(one of source, title, leads/,
    );
    expect(() => parse("source: s\nleads: { file: a.csv, id: id, hasOwnProperty: 1 }\n")).toThrow(
      /leads\.hasOwnProperty: expected a known key/,
    );
  });

  it("suggests the key a typo meant, and treats an empty value as not given", () => {
    expect(() => parse(`${base}atributes: []\n`)).toThrow(
      /atributes: expected a known key \(one of .*\), got "atributes" \(did you mean "attributes"\?\)\./,
    );
    expect(() => parse("source: s\nleads: { file: a.csv, idd: id }\n")).toThrow(
      /leads\.idd: expected a known key .* \(did you mean "id"\?\)/,
    );
    expect(parse(`${base}title:\ncurrency:\n`).config).not.toHaveProperty("title");
  });

  it("reports the form of a value that was meant: an outcome file, a value mapping, a column reference", () => {
    expect(() => parse(`${base}outcome: { file: d.csv, lead_id: id }\n`)).toThrow(
      "source.yml: outcome.outcome: expected a value (this key is required), got nothing.",
    );
    expect(() => parse(`${base}outcome: { file: d.csv, lead_id: id, outcome: { value: wom } }\n`)).toThrow(
      /outcome\.outcome\.value: expected one of won, lost, disqualified, open, got "wom"/,
    );
    expect(() => parse('source: s\nleads: { file: a.csv, id: id, created_at: { column: c, fromat: "%d" } }\n')).toThrow(
      /leads\.created_at\.fromat: expected a known key \(one of column, format, missing, normalize, map\)/,
    );
    expect(() => parse("source: s\nleads: { file: a.csv, id: id, created_at: 5 }\n")).toThrow(
      /leads\.created_at: expected a column name or a mapping with `column:`, got 5/,
    );
    expect(() => parse("source: s\nleads: { postgres: { table: t, query: q }, id: id }\n")).toThrow(
      /leads\.postgres: expected exactly one of `table` or `query`/,
    );
  });

  it("a billion-laughs file is a user error naming the file", () => {
    const lol = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...["b", "c", "d", "e", "f", "g", "h"].map(
        (k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`,
      ),
    ].join("\n");
    expect(() => parse(lol)).toThrow(
      /^source\.yml: refused: its YAML aliases \(\*name\) expand it more than 100-fold, as a "billion laughs" file does/,
    );
  });

  it("validateConfig returns a typed copy and names the key", () => {
    expect(validateConfig({ source: "x", leads: { file: "a.csv", id: "id" } }).leads.id).toBe("id");
    expect(() =>
      validateConfig({
        source: "x",
        leads: { file: "a.csv", id: "id" },
        attributes: [{ name: "t", role: "fit.demo" }],
      }),
    ).toThrow(/^source config: attributes\[0\]\.role: expected one of id, fit\.demographic/);
  });
});
