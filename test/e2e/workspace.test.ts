// `leadlens tune` on a demo store fitted on every input of the default scoring config (10 inputs,
// out-of-time: the figures are on held-out leads). The checks are in workspaceChecks.ts.
import { describe } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "../../lib/report/paths.ts";
import { leadlens } from "./suite.ts";
import { workspaceChecks } from "./workspaceChecks.ts";

describe("leadlens tune (the private workspace) on the demo", () => {
  workspaceChecks({
    name: "demo",
    store: () => {
      const db = join(mkdtempSync(join(tmpdir(), "leadlens-e2e-workspace-")), "demo.duckdb");
      leadlens(["ingest", "demo", "--leads", "6000", "--seed", "7", "--db", db]);
      leadlens(["fit", "--db", db]);
      return db;
    },
    rubric: join(PROJECT_DIR, "data", "examples", "rubric-demo.csv"),
    scope: /held-out leads: the model's test window, leads created .* over 12\.\d weeks/,
  });
});
