import { describe, expect, it } from "vitest";
import { mkdtempSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vendor, vendoredFolders, npmCacheDir, PLACEHOLDERS } from "../../../lib/report/vendor.ts";
import { PROJECT_DIR } from "../../../lib/report/paths.ts";

describe("vendor", () => {
  it("fills Framework's npm cache from node_modules, clearing stale folders first", async () => {
    const root = mkdtempSync(join(tmpdir(), "leadlens-vendor-"));
    mkdirSync(join(npmCacheDir(root), "d3@99.0.0"), { recursive: true }); // a stale empty look-up folder
    const versions = await vendor({
      root,
      from: PROJECT_DIR,
      packages: [
        { name: "htl" },
        { name: "isoformat" },
        { name: "@observablehq/inputs", external: ["htl", "isoformat"] },
      ],
    });
    expect(versions.htl).toBe("0.3.1");
    const folders = vendoredFolders(root);
    expect(folders).not.toContain("d3@99.0.0");
    expect(folders).toContain(`@observablehq/inputs@${versions["@observablehq/inputs"]}`);
    for (const p of PLACEHOLDERS) expect(folders.some((f) => f.startsWith(`${p}@`))).toBe(true);
    const inputs = readFileSync(
      join(npmCacheDir(root), `@observablehq/inputs@${versions["@observablehq/inputs"]}`, "_esm.js"),
      "utf8",
    );
    // Shared dependencies stay one copy each: imported by relative path, not inlined, never from a CDN.
    expect(inputs).toContain("../../htl@0.3.1/_esm.js");
    expect(inputs).not.toMatch(/https?:\/\//);
    expect(existsSync(join(npmCacheDir(root), "react@0.0.0-offline", "_esm.js"))).toBe(true);
  });
});
