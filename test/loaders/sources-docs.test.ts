import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.ts";
import { SOURCE_TABLES } from "../../loaders/config/schema.ts";
import { descriptionOf } from "../../lib/config/docs.ts";

/** Every key of the contract (the schema), with its description. */
function contractKeys(): Array<{ key: string; doc: string | undefined }> {
  return Object.values(SOURCE_TABLES).flatMap((t) =>
    Object.entries(t.shape).map(([key, s]) => ({ key, doc: descriptionOf(s)?.replaceAll("|", "\\|") })),
  );
}

describe("docs/sources.md", () => {
  it("documents every key of the source-config contract with the contract's own wording", () => {
    const docs = readFileSync(join(ROOT, "docs/sources.md"), "utf8");
    const keys = contractKeys();
    expect(keys.length).toBeGreaterThan(60);
    for (const { key, doc } of keys) expect(docs).toContain(`| \`${key}\` | ${doc} |`);
  });

  it("every key in the schema has a description", () => {
    for (const { key, doc } of contractKeys()) expect(doc, key).toMatch(/\S/);
  });
});
