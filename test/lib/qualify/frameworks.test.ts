import { describe, it, expect } from "vitest";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtInFrameworks, loadFramework, frameworkCoverage, globMatch } from "../../../lib/qualify/index.ts";

describe("frameworks", () => {
  it("ships BANT, CHAMP, FIRM and MEDDIC as checklists", () => {
    expect(builtInFrameworks()).toEqual(["bant", "champ", "firm", "meddic"]);
    for (const k of builtInFrameworks()) expect(loadFramework(k).criteria.length).toBeGreaterThanOrEqual(4);
    expect(loadFramework("BANT").criteria.map((c) => c.name)).toEqual(["Budget", "Authority", "Need", "Timeline"]);
  });

  it("matches patterns on names and headers, ignoring case, spaces and underscores", () => {
    expect(globMatch("*revenue*", "declared_monthly_revenue")).toBe(true);
    expect(globMatch("*time_spent*", "Total Time Spent on Website")).toBe(true);
    expect(globMatch("company_size", "company_size_band")).toBe(false);
    expect(globMatch("fit.*", "fit.firmographic")).toBe(true);
  });

  it("says which criteria the data sees, which only after the outcome, and which not at all", () => {
    const attrs = [
      { name: "current_occupation", label: "What is your current occupation", role: "fit.demographic" },
      { name: "what_matters_most", label: "What matters most to you in choosing a course", role: "fit.psychographic" },
      { name: "declared_monthly_revenue", role: "post_outcome" },
      { name: "total_visits", role: "intent.behavioral" },
    ];
    const bant = frameworkCoverage(loadFramework("bant"), attrs);
    expect(Object.fromEntries(bant.map((c) => [c.key, c.status]))).toEqual({
      budget: "after_outcome",
      authority: "seen",
      need: "seen",
      timeline: "not_seen",
    });
    expect(bant[0].post_outcome).toEqual(["declared_monthly_revenue"]);
    const firm = frameworkCoverage(loadFramework("firm"), attrs);
    expect(firm.find((c) => c.key === "fit")!.attributes.map((a) => a.name)).toEqual([
      "current_occupation",
      "what_matters_most",
    ]);
    expect(firm.find((c) => c.key === "interest")!.attributes.map((a) => a.name)).toEqual(["total_visits"]);
  });

  it("loads a custom framework file and rejects a bad one with its name", () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-fw-"));
    const ok = join(dir, "ours.yml");
    writeFileSync(
      ok,
      "name: OURS\ntitle: Our checklist\ncriteria:\n  - { key: size, name: Size, question: Big enough?, match: [employees] }\n",
    );
    expect(frameworkCoverage(loadFramework(ok), [{ name: "employees", role: "fit.firmographic" }])[0].status).toBe(
      "seen",
    );
    const bad = join(dir, "bad.yml");
    writeFileSync(bad, "name: X\ncriteria:\n  - { key: a, name: A, match: revenue }\n");
    expect(() => loadFramework(bad)).toThrow(/bad\.yml, criteria\[0\], key match: expected a list/);
    expect(() => loadFramework("spin")).toThrow(/not a built-in framework \(bant, champ, firm, meddic\)/);
  });
});
