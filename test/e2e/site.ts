// Builds a site for an e2e test file: a store → `leadlens report build` (inside `unshare -n` when the
// machine allows it, so every e2e build is also an offline build) → a 127.0.0.1 server.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "../../lib/report/paths.ts";

/** True when `unshare -n` (a network namespace without any interface but lo) is permitted here. */
export function canUnshare(): "unshare -n" | "unshare -rn" | null {
  for (const flag of ["-n", "-rn"])
    if (spawnSync("unshare", [flag, "true"]).status === 0) return `unshare ${flag}` as "unshare -n";
  return null;
}

/** Result of {@link buildSite}. */
export interface BuiltSite {
  out: string;
  offline: string | null;
  log: string;
}

/** Runs `leadlens report build` for `db` into a fresh folder, with networking switched off when possible. */
export function buildSite(db: string, minCell = 10, extra: { rubric?: string; rules?: string } = {}): BuiltSite {
  const out = join(mkdtempSync(join(tmpdir(), "leadlens-site-")), "dist");
  const unshare = canUnshare();
  const cmd = [
    process.execPath,
    "--import",
    "tsx",
    join(PROJECT_DIR, "test", "e2e", "build-site.ts"),
    db,
    out,
    String(minCell),
    extra.rubric ?? "",
    extra.rules ?? "",
  ];
  const argv = unshare ? [...unshare.split(" ").slice(1), "--", ...cmd] : cmd.slice(1);
  const r = spawnSync(unshare ? "unshare" : cmd[0], argv, {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });
  const log = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`report build failed (${r.status}):\n${log}`);
  return { out, offline: unshare, log };
}

/** Every file under `dir` (relative paths). */
export function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p, join(prefix, e)) : [join(prefix, e)];
  });
}

/** Text files a reader can fetch (html, js, json, csv, css): the wasm engine is not data. */
export function publishedText(out: string): { file: string; text: string }[] {
  return filesUnder(out)
    .filter((f) => /\.(html|js|json|csv|css|txt|svg)$/.test(f))
    .map((file) => ({ file, text: readFileSync(join(out, file), "utf8") }));
}
