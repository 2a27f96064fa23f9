/**
 * Progress for long work, written to stderr so that `--json` output on stdout stays clean.
 * Quiet when LEADLENS_QUIET is set or `quiet` is passed.
 */
export interface Progress {
  /** Reports `done` of `total` (units such as rows); redraws at most every 200 ms. */
  update(done: number, total?: number): void;
  /** Finishes the step, with an optional summary. */
  end(summary?: string): void;
}

export function progress(label: string, options: { quiet?: boolean } = {}): Progress {
  const quiet = options.quiet || !!process.env.LEADLENS_QUIET;
  const tty = process.stderr.isTTY;
  const start = Date.now();
  let last = 0;
  const write = (s: string) => {
    if (!quiet) process.stderr.write(s);
  };
  write(tty ? `${label}…` : `${label}…\n`);
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 200 || !tty) return;
      last = now;
      const pct = total ? ` ${Math.floor((100 * done) / total)}%` : "";
      write(`\r${label}… ${done.toLocaleString("en-US")}${total ? ` / ${total.toLocaleString("en-US")}` : ""}${pct}`);
    },
    end(summary) {
      const secs = ((Date.now() - start) / 1000).toFixed(1);
      write(`${tty ? "\r\x1b[K" : ""}${label}: ${summary ? `${summary} ` : ""}(${secs} s)\n`);
    },
  };
}
