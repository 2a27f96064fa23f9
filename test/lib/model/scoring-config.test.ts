import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkScoringConfig, FIT_DEFAULTS, readScoringConfig } from "../../../lib/model/index.ts";

const check = (c: unknown) => checkScoringConfig(c, "scoring.yml");

describe("scoring.yml schema", () => {
  it("has the defaults the fit always used, in the same order (the model's spec lists them so)", () => {
    expect(Object.entries(FIT_DEFAULTS)).toEqual(
      Object.entries({
        allow_post_outcome: false,
        min_level_count: 30,
        min_level_share: 0.005,
        bins: 10,
        activity_half_life_days: 30,
        maturity_days: 180,
        validation: "auto",
        test_share: 0.2,
        folds: 5,
        penalty_grid: [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100],
        calibration: "auto",
        base_score: 600,
        base_odds: "1:50",
        pdo: 20,
        aggregate: "auto",
        leakage_auc: 0.95,
        score_at: "created + 14d",
      }),
    );
    expect(check({ folds: 3 })).toEqual({ ...FIT_DEFAULTS, folds: 3 });
  });

  it("names the key and what was expected", () => {
    const bad: Array<[unknown, string]> = [
      [{ calibration: "magic" }, 'scoring.yml: calibration: expected one of auto, platt, isotonic, none, got "magic".'],
      [{ folds: 1 }, "scoring.yml: folds: expected a whole number from 2 to 20, got 1."],
      [{ min_level_share: 0.7 }, "scoring.yml: min_level_share: expected a number from 0 to 0.5, got 0.7."],
      [
        { penalty_grid: [] },
        "scoring.yml: penalty_grid: expected a list of positive numbers (values of C), e.g. [0.1, 1, 10], got a list ([]).",
      ],
      [{ penalty_grid: [1, -2] }, "scoring.yml: penalty_grid[1]: expected a positive number, got -2."],
      [{ allow_post_outcome: "yes" }, 'scoring.yml: allow_post_outcome: expected true or false, got "yes".'],
      [
        { calibraton: "auto" },
        'scoring.yml: calibraton: expected a known key (one of attributes, add_attributes, drop_attributes, allow_post_outcome, min_level_count, min_level_share, bins, activity_half_life_days, maturity_days, validation, test_share, folds, penalty_grid, calibration, base_score, base_odds, pdo, aggregate, leakage_auc, score_at), got "calibraton" (did you mean "calibration"?).',
      ],
      [
        { attributes: ["a"], add_attributes: ["b"] },
        "scoring.yml: attributes: give either attributes (the full list) or add_attributes/drop_attributes (changes to the defaults), not both.",
      ],
      [
        { attributes: [{ name: "x", edges: "2, 5" }] },
        'scoring.yml: attributes[0].edges: expected a list of numbers, e.g. [2, 5, 10], got "2, 5".',
      ],
      [
        { attributes: [{ name: "x", closed: "both" }] },
        'scoring.yml: attributes[0].closed: expected one of left, right, got "both".',
      ],
      [
        { attributes: [{ name: "x", bin: 4 }] },
        /attributes\[0\]\.bin: expected a known key \(one of name, role, type, bins, edges, closed\), got "bin" \(did you mean "bins"\?\)/
          .source,
      ],
      [
        { attributes: [3] },
        "scoring.yml: attributes[0]: expected a name or an entry with name: (and optionally role, type, bins, edges, closed), got 3.",
      ],
      [
        { constructor: 1 },
        'scoring.yml: constructor: expected a key other than __proto__, constructor, prototype (they are reserved), got "constructor".',
      ],
      [[1], "scoring.yml: (top level): expected a mapping of keys (attributes:, calibration:, …), got a list ([1])."],
    ];
    for (const [c, msg] of bad) {
      if (msg.startsWith("scoring.yml")) expect(() => check(c)).toThrow(msg);
      else expect(() => check(c)).toThrow(new RegExp(msg));
    }
  });

  it("reads a file: an empty one is all defaults, a billion-laughs one is a user error", () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-scoring-"));
    writeFileSync(join(dir, "empty.yml"), "");
    expect(readScoringConfig(join(dir, "empty.yml"))).toEqual(FIT_DEFAULTS);
    const lol = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...["b", "c", "d", "e", "f", "g", "h"].map(
        (k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`,
      ),
    ].join("\n");
    writeFileSync(join(dir, "lol.yml"), lol);
    expect(() => readScoringConfig(join(dir, "lol.yml"))).toThrow(/lol\.yml: refused: its YAML aliases/);
    expect(readScoringConfig(join(process.cwd(), "data/examples/scoring.yml")).add_attributes).toEqual([
      "created_month",
    ]);
  });
});
