// Runs a `leadlens` command in this process (cli/program.ts `main`), capturing what it writes: for
// tests that check a command's output, not its process (those spawn `node cli/leadlens.js`).
import { main } from "../../cli/program.ts";

/** What {@link runInProcess} returns: the shape of spawnSync's result that the tests read. */
export interface InProcessResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * `leadlens <args…>` in-process; stdout and stderr are captured (not printed) while it runs.
 *
 * @example
 * const r = await runInProcess("points", "export", "--db", db); // r.status → 0, r.stdout → "attribute,condition,points\n…"
 */
export async function runInProcess(...args: string[]): Promise<InProcessResult> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const status = await main(args);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
