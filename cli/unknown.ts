import type { Command } from "commander";
import { UserError } from "../lib/errors/UserError.ts";

/**
 * Edit distance between two names (Levenshtein, with an adjacent swap costing 1), to suggest the
 * command a mistyped one was meant to be.
 *
 * @example
 * editDistance("fnnel", "funnel") // → 1
 * editDistance("socre", "score")  // → 1
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The full name (`leadlens analyze funnel`) of a command. */
function fullName(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x; x = x.parent) names.unshift(x.name());
  return names.join(" ");
}

/** Every command under `c` (not `c` itself, nor the implicit `help`), depth first. */
function commandsUnder(c: Command): Command[] {
  return c.commands.filter((s) => s.name() !== "help").flatMap((s) => [s, ...commandsUnder(s)]);
}

/**
 * True when `name` is close enough to `candidate` to suggest it, by Commander's own rule
 * (lib/suggestSimilar.js, not exported): fewer than 3 edits, and more than 40% of the longer name
 * unchanged. Without it every typo got some command (`leadlens xyzzy` → a random one).
 */
function similar(name: string, candidate: string, d: number): boolean {
  const length = Math.max(name.length, candidate.length);
  return candidate.length > 1 && d < 3 && (length - d) / length > 0.4;
}

/**
 * The command a mistyped `name` under `parent` most likely meant: the closest by edit distance
 * among `parent`'s commands, or a command elsewhere in the tree with that exact last word
 * (`leadlens funnel` → `leadlens analyze funnel`) or a closer one. Ties go to `parent`'s own.
 * None when no command is {@link similar}.
 *
 * @example
 * nearestCommand(program, "socre") // → "leadlens score"
 * nearestCommand(program, "xyzzy") // → undefined
 */
export function nearestCommand(parent: Command, name: string): string | undefined {
  const root = (() => {
    let r = parent;
    while (r.parent) r = r.parent;
    return r;
  })();
  const own = parent.commands.filter((s) => s.name() !== "help");
  const elsewhere = commandsUnder(root).filter((c) => !own.includes(c));
  let best: { c: Command; d: number } | undefined;
  for (const c of [...own, ...elsewhere]) {
    const d = editDistance(name.toLowerCase(), c.name());
    if (similar(name, c.name(), d) && (!best || d < best.d)) best = { c, d };
  }
  return best && fullName(best.c);
}

/** Words people type for something leadlens does under another name. */
const MEANT: Record<string, string> = {
  workspace: "leadlens tune",
  serve: "leadlens report preview",
  weights: "leadlens points export",
  rubric: "leadlens points compare",
};

/** The one-paragraph refusal of an unknown command: names it, suggests the nearest, points at --help. */
export function unknownCommandError(parent: Command, name: string): UserError {
  const near = MEANT[name.toLowerCase()] ?? nearestCommand(parent, name);
  const where = fullName(parent);
  return new UserError(
    `unknown command "${name}"${parent.parent ? ` for ${where}` : ""}.${near ? ` Did you mean \`${near}\`?` : ""} Run \`${where} --help\` for the commands.`,
  );
}
