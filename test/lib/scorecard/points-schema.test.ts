import { describe, it, expect } from "vitest";
import { fromCsv, fromJson, pointsFile, toJson } from "../../../lib/scorecard/index.ts";

describe("the JSON points format's schema", () => {
  const rubric = fromCsv("attribute,condition,points\n(base),,10\nchannel,in (email),15\nchannel,other,-3\n");
  const exported = {
    ...toJson(rubric),
    scaling: { baseScore: 600, baseOdds: 0.02, pdo: 20, factor: 28.85, offset: 712.88, anchor: "mean" as const },
    model_id: "m-1",
    probability_table: [{ points: 7, probability: 0.01 }],
  };

  it("reads back what export writes, with the same points", () => {
    expect(pointsFile.safeParse(exported).success).toBe(true);
    expect(fromJson(exported)).toEqual(rubric);
  });

  it("refuses an unknown key, naming its place; a newer version is refused as such", () => {
    expect(() => fromJson({ ...exported, bsae: 3 }, { file: "p.json" })).toThrow(
      /^p\.json: bsae: expected a known key \(one of format, version, base, scaling, model_id, probability_table, attributes\), got "bsae" \(did you mean "base"\?\)\.$/,
    );
    expect(() =>
      fromJson(
        { base: 1, attributes: [{ name: "channel", levels: [{ condition: "in (a)", pts: 1 }] }] },
        { file: "p.json" },
      ),
    ).toThrow(/p\.json: attributes\[0\]\.levels\[0\]\.pts: expected a known key/);
    expect(() => fromJson({ ...exported, version: 2, extra: 1 }, { file: "p.json" })).toThrow(
      /points format version 2 is newer than this leadlens reads \(1\)/,
    );
    expect(() => fromJson({ base: 1 }, { file: "p.json" })).toThrow(/p\.json: not a leadlens points file/);
  });
});
