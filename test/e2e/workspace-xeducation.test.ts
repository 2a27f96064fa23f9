// `leadlens tune` on the X Education export: 23 inputs, all editable (the published Tune page can
// tune 4), and no creation dates, so a k-fold model judged in-sample and no volumes per week.
import { describe } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROJECT_DIR } from "../../lib/report/paths.ts";
import { leadlens } from "./suite.ts";
import { workspaceChecks } from "./workspaceChecks.ts";

const shared = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

describe("leadlens tune (the private workspace) on X Education", () => {
  workspaceChecks({
    name: "x-education",
    store: () => {
      const db = join(mkdtempSync(join(tmpdir(), "leadlens-e2e-workspace-")), "x.duckdb");
      leadlens(["ingest", "x-education", "--file", join(shared, "x-education-leads", "Leads.csv"), "--db", db]);
      leadlens(["fit", "--db", db]);
      return db;
    },
    rubric: join(PROJECT_DIR, "data", "examples", "rubric-x-education.csv"),
    scope:
      /in-sample leads: every lead with a known outcome \(k-fold model\).*without creation dates, so no volumes per week/,
  });
});
