import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { random } from "../../../loaders/demo/index.ts";
import { demo } from "./helpers.ts";

describe("demo determinism", () => {
  const made: Array<{ cleanup: () => void }> = [];
  afterAll(() => made.forEach((m) => m.cleanup()));

  it("writes byte-identical files for the same seed, and different data for another seed", async () => {
    const a = await demo({ leads: 3000, seed: 7 });
    const b = await demo({ leads: 3000, seed: 7 });
    const c = await demo({ leads: 3000, seed: 8 });
    made.push(a, b, c);
    expect(a.files.map((f) => path.basename(f))).toEqual([
      "leads.csv",
      "stage_events.csv",
      "outcomes.csv",
      "spend.csv",
      "demo.yml",
      "truth.json",
    ]);
    for (let i = 0; i < a.files.length; i++) {
      expect(readFileSync(b.files[i]).equals(readFileSync(a.files[i])), path.basename(a.files[i])).toBe(true);
    }
    const leads = (d: typeof a) => readFileSync(d.files[0], "utf8");
    expect(leads(c)).not.toBe(leads(a));
    expect(leads(c).split("\n")[0]).toBe(leads(a).split("\n")[0]); // same header
  });

  it("reports progress up to the total", async () => {
    const seen: number[] = [];
    const d = await demo({
      leads: 12_000,
      onProgress: (done, total) => {
        expect(total).toBe(12_000);
        seen.push(done);
      },
    });
    made.push(d);
    expect(seen.at(-1)).toBe(12_000);
    expect(seen.length).toBeGreaterThan(1);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });

  it("follows the months and channels options", async () => {
    const few = await demo({ leads: 2000, months: 6, channels: 3 });
    const many = await demo({ leads: 2000, channels: 8 });
    made.push(few, many);
    expect(few.truth.window.as_of).toBe("2024-07-01");
    expect(few.truth.spend.by_month).toHaveLength(3 * 6);
    expect(few.truth.realised.by_channel.map((c: { channel: string }) => c.channel)).toEqual([
      "organic_search",
      "paid_search",
      "social",
    ]);
    expect(few.truth.realised.total.leads).toBe(2000);
    const channels = new Set(
      readFileSync(many.files[0], "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[2]),
    );
    expect([...channels].sort()).toEqual([
      "affiliate",
      "display",
      "email",
      "events",
      "organic_search",
      "paid_search",
      "referral",
      "social",
    ]);
    expect(many.truth.channels.reduce((s: number, c: { share: number }) => s + c.share, 0)).toBeCloseTo(1, 12);
  });

  it("rejects impossible options with a message naming the option", async () => {
    await expect(demo({ leads: 0 })).rejects.toThrow(/demo option leads: expected a whole number/);
    await expect(demo({ channels: 13 })).rejects.toThrow(/demo option channels/);
    await expect(demo({ seed: 1.5 })).rejects.toThrow(/demo option seed/);
  });

  it("the generator repeats its stream for a seed and its uniforms look uniform", () => {
    const a = random(42),
      b = random(42);
    const xs = Array.from({ length: 20_000 }, () => a.uniform());
    expect(Array.from({ length: 20_000 }, () => b.uniform())).toEqual(xs);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const z = random(3);
    const zs = Array.from({ length: 20_000 }, () => z.normal());
    const m = zs.reduce((s, x) => s + x, 0) / zs.length;
    const v = zs.reduce((s, x) => s + (x - m) ** 2, 0) / zs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
  });
});
