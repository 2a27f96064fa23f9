import { describe, it, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { openStore, all } from "../../lib/store/index.ts";
import { ROOT, snapshot, tempDir, writeSource } from "./helpers.ts";

const CHANNELS = ["google", "email", "social", "events", "referral"];

/** A generated leads CSV big enough that ingest takes a noticeable while. */
async function bigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("id,created,channel,industry,size,visits,minutes,status\n");
  for (let i = 0; i < rows; i++) {
    const line = `B${i},2024-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")},${CHANNELS[i % 5]},ind${i % 17},s${i % 5},${i % 40},${(i * 7) % 900},${i % 9 === 0 ? "won" : "lost"}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

const config = {
  source: "big",
  leads: { file: "big.csv", id: "id", created_at: "created", channel: "channel" },
  attributes: [
    { name: "industry", role: "fit.firmographic" },
    { name: "size", role: "fit.firmographic" },
    { name: "visits", role: "intent.behavioral", type: "numeric" },
    { name: "minutes", role: "intent.behavioral", type: "numeric" },
  ],
  outcome: { column: "status", won: ["won"], lost: ["lost"] },
};

describe("a run killed with SIGKILL", () => {
  it("leaves the previous database intact, and the next run succeeds", async () => {
    const dir = tempDir();
    const db = join(dir, "db.duckdb");
    const small = writeSource(
      join(dir, "small"),
      { "big.csv": "id,created,channel,industry,size,visits,minutes,status\nS1,2024-01-01,email,a,s1,1,2,won\n" },
      { ...config, source: "small" },
    );
    expect(spawnSync("node", ["cli/leadlens.js", "ingest", small, "--db", db], { cwd: ROOT }).status).toBe(0);
    let s = await openStore(db);
    const before = await snapshot(s.conn);
    await s.close();

    const cfg = writeSource(join(dir, "big"), {}, config);
    await bigCsv(join(dir, "big", "big.csv"), 300_000);
    // The kill is timed on the progress line, so progress must be on whatever the caller's environment says.
    const env = { ...process.env };
    delete env.LEADLENS_QUIET;
    const child = spawn("node", ["cli/leadlens.js", "ingest", cfg, "--db", db], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = once(child, "exit") as Promise<[number | null, string | null]>;
    let stderr = "";
    const killedAt = await new Promise<string>((resolve) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        // "writing canonical tables" is printed inside the transaction, after the checks
        if (/writing canonical tables/.test(stderr)) {
          child.kill("SIGKILL");
          resolve("writing");
        }
      });
      child.on("exit", () => resolve("exit"));
    });
    const [code, signal] = await exited;
    expect(killedAt).toBe("writing");
    expect(signal ?? "SIGKILL").toBe("SIGKILL");
    expect(code ?? null).toBeNull();

    s = await openStore(db);
    expect(await snapshot(s.conn)).toEqual(before);
    await s.close();

    const again = spawnSync("node", ["cli/leadlens.js", "ingest", cfg, "--db", db, "--json"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(again.status).toBe(0);
    const r = JSON.parse(again.stdout);
    expect(r.rows_read).toBe(300_000);
    expect(r.rows_loaded + r.rows_rejected).toBe(r.rows_read);
    expect(r.tables.leads).toBe(300_001);
    s = await openStore(db);
    expect(await all(s.conn, "SELECT count(*) AS n FROM outcomes WHERE outcome = 'won'")).toEqual([
      { n: 1 + Math.ceil(300_000 / 9) },
    ]);
    await s.close();
  });
});
