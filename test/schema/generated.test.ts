import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../loaders/helpers.ts";
import { CONFIGS, generatedFiles, unplacedTables } from "../../schema/configs.ts";
import { formats } from "../../loaders/ingest/readers.ts";

const read = (name: string) => JSON.parse(readFileSync(join(ROOT, `schema/${name}.schema.json`), "utf8"));

describe("files generated from the config schemas (npm run schema)", () => {
  it("the committed JSON Schemas and docs tables are up to date", () => {
    const files = generatedFiles(ROOT);
    expect([...files.keys()].filter((p) => p.endsWith(".schema.json")).length).toBe(CONFIGS.length);
    for (const [path, text] of files)
      expect(readFileSync(join(ROOT, path), "utf8"), `${path} is stale: run npm run schema`).toBe(text);
  });

  it("every table is placed in a docs page, and the JSON Schemas refuse unknown keys as the validator does", () => {
    expect(unplacedTables(ROOT)).toEqual([]);
    for (const kind of CONFIGS) {
      const js = JSON.parse(readFileSync(join(ROOT, `schema/${kind.name}.schema.json`), "utf8"));
      expect(js.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(js.additionalProperties).toBe(false);
    }
  });

  it("publishes the validator's ranges, defaults and the reader registry's formats", () => {
    expect(read("scoring").properties.folds).toMatchObject({ type: "integer", minimum: 2, maximum: 20, default: 5 });
    expect(read("scoring").properties.penalty_grid.default).toEqual([0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100]);
    expect(read("source").$defs.LeadsSpec.properties.format.enum).toEqual(formats());
    expect(read("source").required).toEqual(["source", "leads"]);
  });
});
