/**
 * `npm run schema`: writes every config kind's JSON Schema (schema/*.schema.json) and the reference
 * tables of docs/ from the schemas (schema/configs.ts). Commit what it changes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedFiles, unplacedTables } from "./configs.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const missing = unplacedTables(root);
if (missing.length)
  throw new Error(
    `no docs page marks the tables ${missing.join(", ")} (add <!-- schema: name --> … <!-- /schema -->).`,
  );
for (const [path, text] of generatedFiles(root)) {
  const file = join(root, path);
  let old = "";
  try {
    old = readFileSync(file, "utf8");
  } catch {}
  if (old !== text) {
    writeFileSync(file, text);
    console.log(`wrote ${path}`);
  }
}
