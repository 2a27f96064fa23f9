import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";

const run = (...args: string[]) => spawnSync("node", ["cli/leadlens.js", ...args], { encoding: "utf8" });

describe("leadlens command", () => {
  it("prints help with exit code 0", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: leadlens/);
    expect(r.stdout).toMatch(/ingest/);
  });
  it("exits 1 with one clear line on an unknown command", () => {
    const r = run("no-such-command");
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
