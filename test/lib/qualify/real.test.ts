import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { all, type Store } from "../../../lib/store/index.ts";
import type { ModelArtifact } from "../../../lib/model/index.ts";
import { matches } from "../../../lib/scorecard/index.ts";
import { parseRules, qualifyReport, loadFramework, grade, gradeReading } from "../../../lib/qualify/index.ts";
import { realStore, EXAMPLES } from "../scorecard/realStores.ts";

describe("qualify on X Education", () => {
  let store: Store;
  let model: ModelArtifact;
  beforeAll(async () => ({ store, model } = await realStore("x-education")));
  afterAll(() => store?.close());

  it("counts what each rule removes exactly as a lead-by-lead check does", async () => {
    const known = await all<{ name: string; role: string; type: string }>(
      store.conn,
      "SELECT name, role, type FROM attributes",
    );
    const rules = parseRules(readFileSync(join(EXAMPLES, "rules-x-education.yml"), "utf8"), { known });
    const r = await qualifyReport(store.conn, { model, rules, known });
    const leads = await all(store.conn, "SELECT l.*, o.outcome FROM leads l JOIN outcomes o USING (lead_id)");
    expect(r.rules!.all).toMatchObject({ leads: 9240, converted: 3561 });
    rules.forEach((rule, i) => {
      const hit = leads.filter((l) => rule.when.every((w) => matches(l[w.attribute], w.condition)));
      expect(r.rules!.rules[i].removed.leads, rule.name).toBe(hit.length);
      expect(r.rules!.rules[i].removed.converted, rule.name).toBe(hit.filter((l) => l.outcome === "won").length);
    });
    const any = leads.filter((l) => rules.some((rule) => rule.when.every((w) => matches(l[w.attribute], w.condition))));
    expect(r.rules!.combined.removed.leads).toBe(any.length);
    // Students (210 leads) are a known quirk of this data set: they convert about as often as anyone.
    expect(r.rules!.rules[0].removed.leads).toBe(210);
  });

  it("grades every held-out lead once, with conversion rising from bad to excellent", async () => {
    const r = await qualifyReport(store.conn, {
      model,
      capacity: 100,
      dataWeeks: 52,
      dealValue: 10000,
      contactCost: 500,
    });
    const g = r.grades!;
    expect(g.cells.reduce((s, c) => s + c.leads, 0)).toBe(9240);
    for (const c of g.cells) expect(gradeReading(c.grade)).toBe(c.reading);
    const [excellent, good, bad] = g.readings;
    expect(excellent.rate).toBeGreaterThan(good.rate);
    expect(good.rate).toBeGreaterThan(bad.rate);
    expect(excellent.low).toBeGreaterThan(bad.high);
    expect(grade(1000, 1000, model.grade_cuts)).toBe("A1");
    // Capacity: 100 a week over 52 weeks of 9,240 leads.
    expect(r.thresholds!.sql!.weekly_leads).toBeLessThanOrEqual(100);
    expect(r.thresholds!.sql!.held_out_observed!.rate).toBeGreaterThan(0.385);
    expect(r.thresholds!.mql!.threshold).toBeLessThanOrEqual(r.thresholds!.sql!.threshold!);
  });

  it("sees BANT's authority and need in the data but not budget or timeline", async () => {
    const r = await qualifyReport(store.conn, { model, framework: loadFramework("bant") });
    const status = Object.fromEntries(r.framework!.criteria.map((c) => [c.key, c.status]));
    expect(status).toEqual({ budget: "not_seen", authority: "seen", need: "seen", timeline: "not_seen" });
    const authority = r.framework!.criteria.find((c) => c.key === "authority")!;
    expect(authority.attributes[0]).toMatchObject({ name: "current_occupation", in_model: true });
    expect(authority.attributes[0].coverage).toBeCloseTo(0.709, 3);
  });
});
