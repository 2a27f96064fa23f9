import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { join } from "node:path";
import { openStore, all, type Store } from "../../../lib/store/index.ts";
import { fitModel, readScoringConfig, type ModelArtifact, type ArtifactAttribute } from "../../../lib/model/index.ts";
import { normalCritical } from "../../../lib/stats/index.ts";
import { ingest, repo } from "./acceptance-helpers.ts";

// Acceptance: demo data at 50,000 leads, fitted with the generator's own bins (data/examples/scoring-demo.yml).
let store: Store;
let model: ModelArtifact;
let truth: any;

beforeAll(async () => {
  const db = await ingest("demo", "--leads", "50000", "--seed", "1");
  store = await openStore(db);
  const meta = await all<{ value: string }>(store.conn, "SELECT value FROM meta WHERE key = 'demo_truth'");
  truth = JSON.parse(meta[0].value).logistic;
  model = await fitModel(store.conn, readScoringConfig(join(repo, "data/examples/scoring-demo.yml")));
}, 180_000);
afterAll(async () => store?.close());

/** The level of `a` that holds the truth's level (pooled rare levels are in `other`). */
function levelOf(
  a: ArtifactAttribute,
  t: { level: string; missing?: boolean; lower?: number; upper?: number | null },
): number {
  if (t.missing) return a.levels.findIndex((l) => l.condition.kind === "missing");
  if (a.kind === "numeric") {
    return a.levels.findIndex(
      (l) =>
        l.condition.kind === "range" &&
        (l.condition.min ?? 0) === t.lower &&
        (l.condition.max ?? null) === (t.upper ?? null),
    );
  }
  const i = a.levels.findIndex((l) => l.level === t.level);
  return i >= 0 ? i : a.levels.findIndex((l) => l.condition.kind === "other");
}

function bounds(label: string) {
  const m = /^\[(\d+),(\d+|inf)\)$/.exec(label);
  return m ? { lower: Number(m[1]), upper: m[2] === "inf" ? null : Number(m[2]) } : {};
}

describe("demo data, 50,000 leads", () => {
  it("the 95% interval covers the true coefficient for at least 90% of coefficients", () => {
    // Covariance index of each non-reference level: [intercept, levels in attribute/level order].
    const index = new Map<string, number>();
    let k = 1;
    for (const a of model.attributes)
      a.levels.forEach((_, i) => {
        if (i !== a.reference) index.set(`${a.name}|${i}`, k++);
      });
    const cov = model.covariance;
    const z = normalCritical(0.95);
    let covered = 0;
    for (const t of truth.coefficients) {
      const a = model.attributes.find((x) => x.name === t.attribute)!;
      const i = levelOf(a, t);
      const refLabel = truth.reference_levels[t.attribute];
      const r = levelOf(a, { level: refLabel, ...bounds(refLabel) });
      expect(i, `${t.attribute} ${t.level}`).toBeGreaterThanOrEqual(0);
      expect(r, `${t.attribute} reference ${refLabel}`).toBeGreaterThanOrEqual(0);
      // The truth is relative to its reference level: compare differences, with their variance.
      const ci = index.get(`${a.name}|${i}`);
      const cr = index.get(`${a.name}|${r}`);
      const v = (ci ? cov[ci][ci] : 0) + (cr ? cov[cr][cr] : 0) - 2 * (ci && cr ? cov[ci][cr] : 0);
      const estimate = a.levels[i].coef - a.levels[r].coef;
      if (Math.abs(estimate - t.coef) <= z * Math.sqrt(v)) covered++;
    }
    expect(truth.coefficients.length).toBeGreaterThan(40);
    expect(covered / truth.coefficients.length).toBeGreaterThanOrEqual(0.9);
  });
  it("is calibrated on held-out leads: ECE ≤ 0.02", () => {
    expect(model.metrics.validation).toBe("out_of_time");
    expect(model.metrics.ece).toBeLessThanOrEqual(0.02);
    expect(model.metrics.n_test).toBeGreaterThan(5000);
  });
  it("pools the rare industries into other, as the truth intends", () => {
    const industry = model.attributes.find((a) => a.name === "industry")!;
    expect(industry.levels.map((l) => l.level)).not.toContain("mining");
    expect(industry.levels.find((l) => l.level === "other")!.leads).toBeGreaterThan(0);
  });
});
