import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_DIR } from "./paths.ts";

/** How one pipeline step ended. */
export interface StepResult {
  step: string;
  status: "done" | "failed";
  /** The command's last words (its summary, or why it failed). */
  detail: string;
}

/**
 * Runs one `leadlens` command as a child process (each command owns its own DuckDB connection and
 * exit code); its status and last lines are returned so `leadlens start` can say which step failed.
 */
export function runStep(step: string, args: string[]): Promise<StepResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(PROJECT_DIR, "cli", "leadlens.js"), ...args], {
      cwd: process.cwd(),
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => {
      out += c.toString();
      process.stderr.write(c);
    });
    child.on("close", (code) => {
      const last = out.trim().split("\n").slice(-3).join(" ").slice(0, 400);
      if (code === 0) done({ step, status: "done", detail: last });
      else done({ step, status: "failed", detail: last });
    });
  });
}
