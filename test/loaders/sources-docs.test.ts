import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.ts";

/** Every documented key of the contract, with its JSDoc text, as in types.ts. */
function contractKeys(): Array<{ key: string; doc: string }> {
  const src = readFileSync(join(ROOT, "loaders/config/types.ts"), "utf8");
  const out: Array<{ key: string; doc: string }> = [];
  for (const m of src.matchAll(/export interface \w+(?: extends [\w, ]+)? \{([\s\S]*?)\n\}/g)) {
    for (const k of m[1].matchAll(/\/\*\*\s*([\s\S]*?)\s*\*\/\s*\n\s*(\w+)\??:/g)) {
      out.push({ key: k[2], doc: k[1].replace(/\s*\n\s*\*\s*/g, " ").replace(/\{@link (\w+)\}/g, "$1").replaceAll("|", "\\|") });
    }
  }
  return out;
}

describe("docs/sources.md", () => {
  it("documents every key of the source-config contract with the contract's own wording", () => {
    const docs = readFileSync(join(ROOT, "docs/sources.md"), "utf8");
    const keys = contractKeys();
    expect(keys.length).toBeGreaterThan(60);
    for (const { key, doc } of keys) expect(docs).toContain(`| \`${key}\` | ${doc} |`);
  });

  it("every key in types.ts has a JSDoc line", () => {
    const src = readFileSync(join(ROOT, "loaders/config/types.ts"), "utf8");
    for (const m of src.matchAll(/export interface \w+(?: extends [\w, ]+)? \{([\s\S]*?)\n\}/g)) {
      const lines = m[1].split("\n");
      lines.forEach((line, i) => {
        if (/^\s{2}\w+\??:/.test(line)) expect(lines[i - 1], line).toMatch(/\*\/\s*$/);
      });
    }
  });
});
