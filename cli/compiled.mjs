// Whether the compiled CLI in build/cli is up to date with its sources. Plain JavaScript, no
// dependencies: cli/leadlens.js calls it on every start, before anything else is loaded.
import { readFileSync, statSync } from "node:fs";

const ROOT = new URL("..", import.meta.url);

/**
 * The URL of build/cli/main.mjs when every source it was built from (build/cli/inputs.json) is
 * older than the build, else undefined (not built, a source edited or removed). About 250 stat
 * calls: 2–3 ms. `root` (a file: URL ending in /) is the checkout; tests pass another.
 */
export function compiledEntry(root = ROOT) {
  try {
    const { started, inputs } = JSON.parse(readFileSync(new URL("build/cli/inputs.json", root), "utf8"));
    for (const file of inputs) if (statSync(new URL(file, root)).mtimeMs > started) return undefined;
    return new URL("build/cli/main.mjs", root).href;
  } catch {
    return undefined;
  }
}
