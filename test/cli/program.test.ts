// The CLI in-process (cli/program.ts has no side effects): parsing and refusals without spawning Node.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main, program } from "../../cli/program.ts";
import { editDistance, nearestCommand } from "../../cli/unknown.ts";

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    err += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe("unknown commands are refused (issue 12 item 21)", () => {
  it("names the command, suggests the nearest, points at --help, exits 1", async () => {
    expect(await main(["socre"])).toBe(1);
    expect(err).toBe(
      'leadlens: unknown command "socre". Did you mean `leadlens score`? Run `leadlens --help` for the commands.\n',
    );
    expect(out).toBe("");
  });

  it("also under a command group and through `help`", async () => {
    expect(await main(["analyze", "fnnel"])).toBe(1);
    expect(err).toMatch(
      /unknown command "fnnel" for leadlens analyze\. Did you mean `leadlens analyze funnel`\? Run `leadlens analyze --help`/,
    );
    err = "";
    expect(await main(["help", "workspace"])).toBe(1);
    expect(err).toMatch(/^leadlens: unknown command "workspace"\. Did you mean `leadlens tune`\?/);
    expect(out).toBe("");
  });

  it("finds a command by its last word elsewhere in the tree", () => {
    expect(nearestCommand(program(), "funnel")).toBe("leadlens analyze funnel");
    expect(nearestCommand(program(), "preveiw")).toBe("leadlens report preview");
    expect(editDistance("fnnel", "funnel")).toBe(1);
    expect(editDistance("socre", "score")).toBe(1);
  });

  it("suggests nothing for a word close to no command (Commander's similarity rule)", async () => {
    expect(nearestCommand(program(), "xyzzy")).toBeUndefined();
    expect(nearestCommand(program(), "qqq")).toBeUndefined();
    expect(await main(["xyzzy"])).toBe(1);
    expect(err).toMatch(/^leadlens: unknown command "xyzzy"\. Run `leadlens --help` for the commands\./);
    expect(nearestCommand(program(), "socre")).toBe("leadlens score");
  });

  it("still answers --version and help <command> with exit 0", async () => {
    expect(await main(["--version"])).toBe(0);
    expect(out).toBe("0.1.0\n");
    out = "";
    expect(await main(["help", "score"])).toBe(0);
    expect(out).toMatch(/Usage: leadlens score/);
  });
});
