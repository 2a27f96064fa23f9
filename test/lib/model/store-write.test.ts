// Review MUST 11: `fit --out` writes the model atomically (a new file renamed over the old one).
import { describe, expect, it } from "vitest";
import { linkSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeModelFile } from "../../../lib/model/store.ts";
import type { ModelArtifact } from "../../../lib/model/artifact.ts";

describe("writeModelFile", () => {
  it("replaces the model by a rename: a reader of the old file keeps the old complete text", () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-model-"));
    const file = join(dir, "model.json");
    writeFileSync(file, '{"old": true}\n');
    linkSync(file, join(dir, "held-open")); // stands for a `score` that opened the old model
    writeModelFile(file, { format: "new" } as unknown as ModelArtifact);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ format: "new" });
    expect(readFileSync(join(dir, "held-open"), "utf8")).toBe('{"old": true}\n');
    expect(readdirSync(dir).sort()).toEqual(["held-open", "model.json"]);
  });
});
