import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // DuckDB files and child processes: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
