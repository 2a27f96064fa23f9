// Review SHOULD 19: two atomic writes to one file in one process do not share a temporary file.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { temporaryPath, writeAtomically, writeFileAtomic } from "../../../lib/files/index.ts";

describe("writeAtomically", () => {
  it("two overlapping writes to one file both complete; the file holds one of them whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-atomic-"));
    const final = join(dir, "scores.csv");
    const slow = (text: string, ms: number) =>
      writeAtomically(final, async (tmp) => {
        writeFileSync(tmp, text.slice(0, 3));
        await new Promise((r) => setTimeout(r, ms));
        writeFileSync(tmp, text, { flag: "w" });
      });
    await Promise.all([slow("first,complete\n", 30), slow("second,complete\n", 10)]);
    expect(["first,complete\n", "second,complete\n"]).toContain(readFileSync(final, "utf8"));
    expect(readdirSync(dir)).toEqual(["scores.csv"]);
    expect(temporaryPath(final)).not.toBe(temporaryPath(final));
  });

  it("writeFileAtomic replaces the content and leaves no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-atomic-"));
    const final = join(dir, "model.json");
    writeFileAtomic(final, "old");
    writeFileAtomic(final, "new");
    expect(readFileSync(final, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["model.json"]);
  });
});
