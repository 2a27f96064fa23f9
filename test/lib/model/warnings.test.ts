// Two warnings a fit owes its user: an input filled in only as a lead progresses (blank on open
// leads), and an input too good to be true (information value > 0.5 or AUC ≥ 0.80 on its own).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { openStore, exec, type Store } from "../../../lib/store/index.ts";
import { fitModel, type ModelArtifact } from "../../../lib/model/index.ts";
import { informationValue } from "../../../lib/features/index.ts";
import { suspiciousInputWarnings } from "../../../lib/model/leakage.ts";
import { dropConstant } from "../../../lib/model/fit.ts";
import { rng } from "../rng.ts";

const AS_OF = Date.UTC(2024, 11, 31);
const DAY = 86_400_000;

let store: Store;
let model: ModelArtifact;
const blankOpen = { n: 0, open: 0 };
beforeAll(async () => {
  store = await openStore(":memory:");
  await exec(
    store.conn,
    "ALTER TABLE leads ADD COLUMN sector VARCHAR; ALTER TABLE leads ADD COLUMN region VARCHAR; ALTER TABLE leads ADD COLUMN call_minutes DOUBLE",
  );
  await exec(
    store.conn,
    `INSERT INTO attributes VALUES ('sector','Sector','fit.firmographic','categorical',false,'t',NULL),
       ('region','Region','fit.geographic','categorical',false,'t',NULL), ('call_minutes','Call minutes','intent.behavioral','numeric',false,'t',NULL)`,
  );
  const r = rng(7);
  const leads: string[] = [];
  const outcomes: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const created = AS_OF - Math.floor(r() * 720) * DAY;
    const days = Math.ceil(-45 * Math.log(1 - r()));
    const won = r() < 0.4;
    const open = created + days * DAY > AS_OF;
    const sector = open && r() < 0.95 ? "NULL" : `'${["retail", "software", "finance"][i % 3]}'`;
    // Known only after the call: long calls are the won ones.
    const minutes = (won ? 10 : 6) + 4 * (r() + r() + r() - 1.5);
    leads.push(
      `('d${i}', TIMESTAMP '${new Date(created).toISOString().slice(0, 10)}', 'web', ${sector}, '${["north", "south"][i % 2]}', ${minutes}, 't', 'r')`,
    );
    if (!open)
      outcomes.push(
        `('d${i}', '${won ? "won" : "lost"}', TIMESTAMP '${new Date(created + days * DAY).toISOString().slice(0, 10)}', NULL, NULL)`,
      );
    if (sector === "NULL") {
      blankOpen.n++;
      if (open) blankOpen.open++;
    }
  }
  await exec(
    store.conn,
    `INSERT INTO leads (lead_id, created_at, channel, sector, region, call_minutes, source, run_id) VALUES ${leads.join(",")}`,
  );
  await exec(store.conn, `INSERT INTO outcomes VALUES ${outcomes.join(",")}`);
  model = await fitModel(store.conn, { attributes: ["sector", "region", "call_minutes"], penalty_grid: [1] });
});
afterAll(() => store.close());

describe("fit warnings", () => {
  it("names an input that is blank mostly on open leads, with its counts", () => {
    const w = model.warnings.find((x) => x.startsWith("Open-record artifact: sector"));
    expect(w).toBeDefined();
    const fmt = (x: number) => x.toLocaleString("en-US");
    expect(w).toContain(`sector is blank on ${fmt(blankOpen.n)} leads, ${fmt(blankOpen.open)} of them open`);
    expect(blankOpen.open / blankOpen.n).toBeGreaterThan(0.9);
    expect(model.warnings.some((x) => /Open-record artifact: (region|call_minutes)/.test(x))).toBe(false);
  });

  it("questions an input too good to be true, and not an ordinary one", () => {
    const w = model.warnings.find((x) => x.startsWith("Too good to be true? call_minutes"));
    expect(w).toMatch(/held-out AUC 0\.\d{3} on its own\. Is it known before the outcome\?/);
    const auc = Number(/held-out AUC (0\.\d+)/.exec(w!)![1]);
    expect(auc).toBeGreaterThanOrEqual(0.8);
    expect(auc).toBeLessThan(0.95);
    expect(model.warnings.some((x) => /Too good to be true\? (region|sector)/.test(x))).toBe(false);
    // Not also reported as leakage (that needs AUC ≥ 0.95).
    expect(model.warnings.some((x) => /leakage: call_minutes/i.test(x))).toBe(false);
  });

  it("uses information value above 0.5 alone as a reason (Siddiqi's 'suspicious')", () => {
    const iv = informationValue([
      { leads: 100, conversions: 50 },
      { leads: 100, conversions: 10 },
    ]);
    expect(iv).toBeGreaterThan(0.5);
    const [w] = suspiciousInputWarnings([{ name: "tag", informationValue: iv }], [{ all: 0.7, recorded: null }], 0.95);
    expect(w).toMatch(new RegExp(`tag: information value ${iv.toFixed(2)} \\(above 0\\.5`));
    expect(
      suspiciousInputWarnings([{ name: "tag", informationValue: 0.3 }], [{ all: 0.7, recorded: null }], 0.95),
    ).toEqual([]);
    expect(
      suspiciousInputWarnings([{ name: "tag", informationValue: 2 }], [{ all: 0.97, recorded: null }], 0.95),
    ).toEqual([]);
  });

  it("says why an input with one populated level is left out: one value, or every value pooled as rare", () => {
    const level = (leads: number, kind: string) => ({ leads, conversions: 0, condition: { kind } });
    const encoding = {
      attributes: [
        { name: "country", levels: [level(0, "equals"), level(120, "other"), level(0, "missing")] },
        { name: "flag", levels: [level(120, "equals"), level(0, "missing")] },
        { name: "industry", levels: [level(60, "equals"), level(60, "equals")] },
      ],
      options: { minLevelCount: 30 },
    } as never;
    const warnings: string[] = [];
    const kept = dropConstant(encoding, warnings);
    expect(kept.attributes.map((a) => a.name)).toEqual(["industry"]);
    expect(warnings).toEqual([
      "Left out (one value for every training lead, so no information): flag.",
      "Left out (every value has fewer training leads than min_level_count, 30, so all were pooled into one level): country. Lower min_level_count in scoring.yml to use them.",
    ]);
  });
});
