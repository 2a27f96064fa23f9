import type { ModelArtifact } from "../model/artifact.ts";
import { leadsRelation, valueSql } from "../features/sql.ts";
import { ident } from "../store/query.ts";
import type { Scorecard } from "./types.ts";

/**
 * The scorecard stored in a model artifact, as a {@link Scorecard} (points, conditions, scaling).
 * An attribute without an `other` level gets one scored as its reference level: the scoring SQL
 * sends values no level covers to the reference, and explain/compare must agree with it.
 */
export function modelScorecard(model: ModelArtifact): Scorecard {
  const p = model.points;
  return {
    base: p.base,
    attributes: model.attributes.map((a) => {
      const levels = a.levels.map((l) => ({
        level: l.level,
        condition: l.condition,
        points: l.points,
        coef: l.coef,
        n: l.leads,
      }));
      if (!levels.some((l) => l.condition.kind === "other")) {
        const ref = a.levels[a.reference];
        levels.push({ level: "other", condition: { kind: "other" }, points: ref?.points ?? 0, coef: 0, n: 0 });
      }
      return { name: a.name, role: a.role, levels };
    }),
    scaling: {
      baseScore: p.base_score,
      baseOdds: p.base_odds,
      pdo: p.pdo,
      factor: p.factor,
      offset: p.offset,
      anchor: p.anchor,
    },
  };
}

/**
 * Where each of the model's attributes is read in SQL (built-ins such as `created_month` and
 * `activity` are expressions, not columns); names the model does not know read their column.
 */
export function modelColumns(model: ModelArtifact): (name: string) => string {
  const byName = new Map(model.attributes.map((a) => [a.name, a]));
  return (name: string) => {
    const a = byName.get(name);
    return a ? valueSql(a) : ident(name);
  };
}

/**
 * The relation the model's attributes are read from: `leads` joined to outcomes (with `won`,
 * and the decayed `activity` when the model uses it), as `fit` and `score` read it.
 */
export function modelRelation(model: ModelArtifact, asOf?: string): string {
  return leadsRelation({
    asOf: asOf ?? model.training_window.as_of,
    halfLifeDays: model.encoding.activity_half_life_days,
    activity: model.attributes.some((a) => a.source === "activity"),
    momentDays: model.encoding.score_at_days,
  });
}
