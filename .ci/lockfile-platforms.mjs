#!/usr/bin/env node
// Adds lockfile entries for platform-specific optional packages that npm left out.
//
// Why: the registry these machines reach lacks some macOS/Windows/musl builds of optional native
// packages (@duckdb/node-bindings-*, @rollup/rollup-*). npm 11 then writes a package-lock.json
// without them and its own `npm ci` refuses that lockfile ("Missing: … from lock file"). An entry
// with the package's version and its os/cpu/libc makes `npm ci` validate and skip it on Linux.
//
// Use after `npm install` changes dependencies:  node .ci/lockfile-platforms.mjs && npm ci
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

let out = "";
try {
  execFileSync("npm", ["ci", "--dry-run", "--no-audit", "--no-fund"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
} catch (e) {
  out = `${e.stdout}${e.stderr}`;
}
const missing = [...out.matchAll(/Missing: (@?[^@\s]+)@\S* from lock file/g)].map((m) => m[1]);
if (missing.length === 0) {
  console.log("lockfile: nothing missing");
  process.exit(0);
}
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const platform = (name) => {
  const m =
    /(android|darwin|freebsd|linux|openbsd|openharmony|win32)-([a-z0-9]+)(?:-(gnueabihf|musleabihf|musl|gnu|msvc|eabi))?$/.exec(
      name,
    );
  if (!m) throw new Error(`cannot tell the platform of ${name}`);
  const entry = { os: [m[1]], cpu: [m[2]] };
  if (m[3] === "musl" || m[3] === "musleabihf") entry.libc = ["musl"];
  if (m[3] === "gnu" || m[3] === "gnueabihf") entry.libc = ["glibc"];
  return entry;
};
for (const name of missing) {
  const parent = Object.values(lock.packages).find((p) => p.optionalDependencies?.[name]);
  if (!parent) throw new Error(`no package in the lockfile lists ${name} as optional`);
  lock.packages[`node_modules/${name}`] = {
    version: parent.optionalDependencies[name],
    ...platform(name),
    optional: true,
    ...(parent.dev ? { dev: true } : {}),
  };
}
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: added ${missing.length} platform entries (${missing.join(", ")})`);
