import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "../loaders/helpers.ts";

const run = (...args: string[]) =>
  spawnSync("node", ["cli/leadlens.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });

/** A YAML file whose aliases expand 9^8-fold ("billion laughs"). */
const LAUGHS = `${["a: &a [x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f", "g", "h"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n")}\n`;

/** Exit 1, one paragraph on stderr, no stack trace. */
function userError(r: ReturnType<typeof run>): string {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/^leadlens: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  return r.stderr;
}

describe("config mistakes the user caused are exit 1, never an internal error", () => {
  it("ingest: a billion-laughs config, an impossible as_of, a key named constructor", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "l.csv"), "id\nA\n");
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const base = "source: s\nleads: { file: l.csv, id: id }\n";
    expect(userError(run("ingest", write("laughs.yml", LAUGHS), "--db", join(dir, "a.duckdb")))).toMatch(
      /laughs\.yml: refused: its YAML aliases/,
    );
    expect(
      userError(run("ingest", write("asof.yml", `${base}as_of: 2024-02-30\n`), "--db", join(dir, "b.duckdb"))),
    ).toMatch(/asof\.yml: as_of: expected a date of the calendar like 2024-12-31 .*got "2024-02-30"/);
    expect(
      userError(run("ingest", write("proto.yml", `${base}constructor: x\n`), "--db", join(dir, "c.duckdb"))),
    ).toMatch(/proto\.yml: constructor: expected a key other than __proto__, constructor, prototype/);
  });
});
