import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { syntheticStore } from "./synthetic.ts";
import { exec, type Store } from "../../../lib/store/index.ts";
import { fitModel, driftReport, type ModelArtifact } from "../../../lib/model/index.ts";

let store: Store;
let model: ModelArtifact;

beforeAll(async () => {
  store = await syntheticStore(6000);
  model = await fitModel(store.conn, { penalty_grid: [1], maturity_days: 10, test_share: 0.3 });
});
afterAll(async () => store.close());

describe("drift", () => {
  it("is stable when recent leads look like the training window", async () => {
    const r = await driftReport(store.conn, model, { recentFrom: "2024-08-01" });
    expect(r.recent.leads).toBeGreaterThan(1000);
    expect(r.score.reading).toBe("stable");
    expect(r.attributes.map((a) => a.name)).toEqual(model.attributes.map((a) => a.name));
    for (const c of r.cohorts) {
      expect(c.low).toBeLessThanOrEqual(c.observed);
      expect(c.high).toBeGreaterThanOrEqual(c.observed);
      expect(c.predicted).toBeGreaterThan(0);
    }
    expect(r.cohorts.length).toBe(3);
  });
  it("names the attribute that shifted", async () => {
    await exec(store.conn, `UPDATE leads SET industry = 'health' WHERE created_at > TIMESTAMP '2024-08-01'`);
    const r = await driftReport(store.conn, model, { recentFrom: "2024-08-01" });
    const industry = r.attributes.find((a) => a.name === "industry")!;
    expect(industry.reading).toBe("significant shift");
    expect(r.attributes.find((a) => a.name === "channel")!.reading).toBe("stable");
    expect(r.score.psi).toBeGreaterThan(0.1);
  });
  it("refuses data without dates", async () => {
    await exec(store.conn, "UPDATE leads SET created_at = NULL");
    await expect(driftReport(store.conn, model)).rejects.toThrow(/created_at/);
  });
});
