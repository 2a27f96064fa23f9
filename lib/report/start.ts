import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_DIR } from "./paths.ts";

/** How one pipeline step ended. */
export interface StepResult {
  step: string;
  status: "done" | "missing" | "failed";
  /** The command's last words (its summary, or why it failed). */
  detail: string;
}

/**
 * Runs one `leadlens` command as a child process (each command owns its own DuckDB connection and
 * exit code). A command that says it is "not built yet" is reported as missing, not as a failure,
 * so `leadlens start` runs whatever parts of the pipeline exist.
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
      else if (/not built yet/i.test(out)) done({ step, status: "missing", detail: `\`leadlens ${args.slice(0, 2).join(" ")}\` is not built yet in this version` });
      else done({ step, status: "failed", detail: last });
    });
  });
}
