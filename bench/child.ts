import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { loadavg } from "node:os";

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, "..");

/** What a step reports: its own figures plus the child's peak memory. */
export type StepResult = Record<string, unknown> & { max_rss_bytes: number };

/**
 * Runs a bench step (bench/steps/<name>.ts) in a child Node process and returns its BENCH_RESULT.
 * Output is streamed to our stderr prefixed with the step name so long runs show progress.
 */
export function runStep(name: string, args: Record<string, unknown>): Promise<StepResult> {
  // The 1-minute load average around the step: on a shared machine, wall times mean little without it.
  const load_start = loadavg()[0];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(HERE, "step.ts"), name, JSON.stringify(args)],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, LEADLENS_QUIET: "1" },
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      for (const line of d.toString().split("\n"))
        if (line.trim() && !/nodedir/.test(line)) process.stderr.write(`  [${name}] ${line}\n`);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("BENCH_RESULT "));
      if (code !== 0 || !line)
        return reject(new Error(`bench step ${name} failed (exit ${code}):\n${out.slice(-2000)}`));
      resolve({ ...JSON.parse(line.slice("BENCH_RESULT ".length)), load_start, load_end: loadavg()[0] });
    });
  });
}

/**
 * Runs a command under /usr/bin/time -v (GNU time) and returns wall seconds and max RSS, for steps that
 * are a whole CLI run (report build). Falls back to wall time only when GNU time is absent.
 */
export function timeCommand(
  cmd: string,
  args: string[],
): Promise<{ seconds: number; max_rss_bytes: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const useTime = process.platform === "linux";
    const child = spawn(useTime ? "/usr/bin/time" : cmd, useTime ? ["-f", "BENCH_TIME %M", cmd, ...args] : args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LEADLENS_QUIET: "1", NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const m = /BENCH_TIME (\d+)/.exec(output);
      if (code !== 0)
        return reject(new Error(`${cmd} ${args.join(" ")} failed (exit ${code}):\n${output.slice(-3000)}`));
      resolve({ seconds, max_rss_bytes: m ? Number(m[1]) * 1024 : null, output });
    });
  });
}
