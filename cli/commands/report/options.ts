import { UserError } from "../../../lib/errors/UserError.ts";

/** Parses `--min-cell k`: a whole number of leads, 1 or more. */
export function parseMinCell(text: string): number {
  const k = Number(text);
  if (!Number.isInteger(k) || k < 1)
    throw new UserError(`--min-cell expects a whole number of leads (1 or more), got "${text}".`);
  return k;
}

/** Parses `--port`: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const p = Number(text);
  if (!Number.isInteger(p) || p < 0 || p > 65535)
    throw new UserError(`--port expects a port number from 0 to 65535, got "${text}".`);
  return p;
}
