#!/usr/bin/env node
// The `leadlens` command. Runs the compiled CLI in build/cli (made by `npm run build:cli`, which
// `npm ci` and `npm install` run as `prepare`) when it is newer than every source it was built
// from; otherwise the TypeScript sources through tsx, so an edited checkout never runs stale code.
// LEADLENS_TSX=1 forces the sources.
import { compiledEntry } from "./compiled.mjs";

const entry = process.env.LEADLENS_TSX ? undefined : compiledEntry();
if (entry) {
  // Stack traces (LEADLENS_DEBUG=1) then name the TypeScript sources, not the bundle.
  if (process.env.LEADLENS_DEBUG) process.setSourceMapsEnabled(true);
  await import(entry);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./main.ts");
}
