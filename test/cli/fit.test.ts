import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticStore } from "../lib/model/synthetic.ts";
import { runInProcess } from "./inProcess.ts";

const dir = mkdtempSync(join(tmpdir(), "leadlens-fit-cli-"));
const db = join(dir, "leads.duckdb");
const run = (...args: string[]) =>
  spawnSync("node", ["cli/leadlens.js", ...args], { encoding: "utf8", env: { ...process.env, LEADLENS_QUIET: "1" } });

beforeAll(async () => {
  const s = await syntheticStore(6000);
  await s.conn.run(`ATTACH '${db}' AS f; COPY FROM DATABASE memory TO f; DETACH f`);
  await s.close();
});

describe("leadlens fit / score", () => {
  // Output checks run in-process (cli/program.ts); exit codes below on a real process.
  it("fit --json prints exactly one object with the held-out numbers and the points per level", async () => {
    const r = await runInProcess("fit", "--db", db, "--json", "--out", join(dir, "model.json"));
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBe(1);
    const o = JSON.parse(lines[0]);
    for (const k of [
      "model_id",
      "validation",
      "n_train",
      "n_test",
      "auc",
      "average_precision",
      "brier",
      "log_loss",
      "ece",
      "calibration",
      "warnings",
    ]) {
      expect(o, k).toHaveProperty(k);
    }
    expect(o.auc_ci).toHaveLength(2);
    expect(o.auc_ci.every((x: unknown) => typeof x === "number")).toBe(true);
    expect(o.validation).toBe("out_of_time");
    expect(o.attributes.map((a: { name: string }) => a.name)).toEqual(["industry", "visits", "channel"]);
    for (const a of o.attributes) {
      expect(typeof a.information_value).toBe("number");
      expect(a.role).toMatch(/^(fit|intent)\./);
      for (const l of a.levels) expect(Number.isInteger(l.points)).toBe(true);
    }
    const file = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    expect(file.model_id).toBe(o.model_id);
    expect(file.format_version).toBe(1);
  });
  it("fit prints a readable summary, and score uses the latest model", async () => {
    const r = await runInProcess("fit", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Held-out AUC 0\.\d{3} \(95% CI 0\.\d{3}–0\.\d{3}\)/);
    expect(r.stdout).toMatch(/ECE/);
    const s = await runInProcess("score", "--db", db, "--json", "--out", join(dir, "scores.csv"));
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).leads).toBe(6000);
  });
  it("a scoring.yml mistake is a user error naming the key", () => {
    const cfg = join(dir, "bad.yml");
    writeFileSync(cfg, "calibration: magic\n");
    const r = run("fit", "--db", db, "--config", cfg);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/calibration: expected one of auto, platt, isotonic, none/);
    writeFileSync(cfg, "attributes: [industry, sales_tag]\n");
    const p = run("fit", "--db", db, "--config", cfg);
    expect(p.status).toBe(1);
    expect(p.stderr).toMatch(/sales_tag.*post_outcome/);
  });
  it("score without any model says to fit first", () => {
    const empty = join(dir, "empty.duckdb");
    const r = run("score", "--db", empty);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/leadlens fit/);
  });
});
