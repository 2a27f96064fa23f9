import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { demoTruth } from "../../../loaders/demo/index.ts";

const docs = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/demo.md"), "utf8");
const pct = (x: number) => `${(100 * x).toFixed(1).replace(/\.0$/, "")}%`;

/** docs/demo.md must state the numbers the generator uses: a change to one without the other fails here. */
describe("docs/demo.md states the ground truth", () => {
  it("the intercept and every coefficient", () => {
    expect(docs).toContain(`logit P(won) = **${demoTruth.INTERCEPT.toString().replace("-", "−")}**`);
    for (const a of demoTruth.ATTRIBUTES) {
      expect(docs).toContain(`### ${a.name} (${a.role}, ${a.type}; reference ${a.reference})`);
      for (const l of a.levels) {
        const row =
          l.label === a.reference ? `| **${l.label}** (reference) | 0 |` : `| ${l.label} | ${l.coef.toFixed(2)} |`;
        expect(docs, `${a.name} ${l.label}`).toContain(row);
      }
    }
  });
  it("every channel's share, cost per lead, stage timings and lost-from shares", () => {
    for (const c of demoTruth.CHANNELS) {
      const timing = c.timing.map((x) => `${x.median_days} d, σ ${x.sigma}`).join(" | ");
      expect(docs, c.channel).toContain(
        `| ${c.channel} | ${pct(c.weight)} | $${c.cost_per_lead} | ${timing} | ${c.lost_from.map(pct).join(" / ")} |`,
      );
      for (const [name, mix] of Object.entries(c.mixes))
        expect(docs, `${c.channel} ${name}`).toContain(`| ${c.channel} | ${mix.map(pct).join(" | ")} |`);
    }
  });
  it("shared mixes, deal amounts and exits", () => {
    for (const a of demoTruth.ATTRIBUTES.filter(
      (x) => !x.mix_by_channel && !x.mix_by_company_size && x.name !== "email_opens",
    )) {
      for (const [k, l] of a.levels.entries()) expect(docs, `${a.name} ${l.label}`).toContain(` | ${pct(a.mix[k])} |`);
    }
    for (const [size, median] of Object.entries(demoTruth.DEAL_AMOUNT.median_by_company_size)) {
      expect(docs, size).toContain(`${size === "(missing)" ? "missing" : size} $${median.toLocaleString("en-US")}`);
    }
    const d = demoTruth.DISQUALIFICATION;
    expect(docs).toContain(
      `probability ${d.student.probability}, reason \`student\``.replace(
        "probability ",
        "disqualified with probability ",
      ),
    );
    expect(docs).toContain(`probability ${d.outside.probability}, reason \`outside served region\``);
    expect(docs).toContain(`probability ${d.competitor.probability}, reason \`competitor\``);
    expect(docs).toContain(
      `probability ${d.no_budget.probability.toFixed(2)} (any other size, ${d.no_budget.probability_else})`,
    );
    expect(docs).toContain(
      `disqualified ${demoTruth.EXIT_TIMING.disqualified.median_days} d (σ ${demoTruth.EXIT_TIMING.disqualified.sigma})`,
    );
  });
});
