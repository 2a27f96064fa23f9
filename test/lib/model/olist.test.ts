import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { join } from "node:path";
import { openStore, type Store } from "../../../lib/store/index.ts";
import { fitModel, readScoringConfig, type ModelArtifact } from "../../../lib/model/index.ts";
import { ingest, repo, sharedData } from "./acceptance-helpers.ts";

// Acceptance: Olist on origin (channel), landing page (rare pooled) and first-contact month.
let store: Store;
let model: ModelArtifact;

beforeAll(async () => {
  store = await openStore(await ingest("olist", "--dir", join(sharedData, "olist-marketing-funnel")));
  model = await fitModel(store.conn, readScoringConfig(join(repo, "data/examples/scoring-olist.yml")));
}, 180_000);
afterAll(async () => store?.close());

describe("Olist marketing funnel", () => {
  it("fits on channel, landing page and created month, out of time", () => {
    expect(model.attributes.map((a) => a.name)).toEqual(["channel", "landing_page_id", "created_month"]);
    expect(model.metrics.validation).toBe("out_of_time");
  });
  it("pools rare landing pages into other", () => {
    const lp = model.attributes.find((a) => a.name === "landing_page_id")!;
    expect(lp.levels.length).toBeLessThan(60);
    expect(lp.levels.find((l) => l.level === "other")!.leads).toBeGreaterThan(1000);
  });
  it("reports an honest, modest held-out AUC with its interval", () => {
    const m = model.metrics;
    expect(m.auc).toBeGreaterThan(0.55);
    expect(m.auc).toBeLessThan(0.85);
    expect(m.auc_ci[0]).toBeLessThan(m.auc);
    expect(m.auc_ci[1]).toBeGreaterThan(m.auc);
    expect(m.conversions_test).toBeGreaterThan(50);
  });
});
