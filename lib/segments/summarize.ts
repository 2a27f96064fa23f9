import { wilson, chiSquareIndependence } from "../stats/index.ts";
import type { SegmentCount } from "./segmentCounts.ts";

/** Overall conversion of the leads analysed. */
export interface OverallConversion {
  n: number;
  converted: number;
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** One segment's conversion. */
export interface SegmentRow {
  segment: string;
  n: number;
  converted: number;
  rate: number | null;
  /** Wilson 95% interval. */
  ci_low: number | null;
  ci_high: number | null;
  /** rate / overall rate (null when the overall rate is 0). */
  lift: number | null;
  /** n below the minimum: too few leads to read. */
  small: boolean;
}

/** Conversion by the segments of one attribute (or pair of attributes). */
export interface AttributeSegments {
  attribute: string;
  /** Pearson chi-square test of independence of segment and conversion (null when undefined). */
  chi2: number | null;
  p_value: number | null;
  dof: number | null;
  cramers_v: number | null;
  segments: SegmentRow[];
  notes: string[];
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Overall n, converted and Wilson interval. */
export function overallConversion(n: number, converted: number): OverallConversion {
  if (n === 0) return { n, converted, rate: null, ci_low: null, ci_high: null };
  const w = wilson(converted, n);
  return { n, converted, rate: w.rate, ci_low: w.low, ci_high: w.high };
}

/**
 * Turns segment counts into rates with Wilson intervals, lift over the overall rate, small-cell
 * flags, and a chi-square test of independence over the segments × (not converted, converted) table.
 *
 * @example
 * summarizeSegments("origin", [{ segment: "organic_search", n: 2296, converted: 271 }, { segment: "email", n: 493, converted: 15 }],
 *   { rate: 0.10525 }, 30)
 * // → { attribute: "origin", chi2: 34.5…, p_value: 4.2e-9, segments: [{ segment: "organic_search", rate: 0.118, lift: 1.12, … }, …] }
 */
export function summarizeSegments(
  attribute: string,
  counts: SegmentCount[],
  overall: { rate: number | null },
  minN = 30,
): AttributeSegments {
  const segments = counts.map((c): SegmentRow => {
    const w = wilson(c.converted, c.n);
    return {
      segment: c.segment,
      n: c.n,
      converted: c.converted,
      rate: num(w.rate),
      ci_low: num(w.low),
      ci_high: num(w.high),
      lift: overall.rate ? w.rate / overall.rate : null,
      small: c.n < minN,
    };
  });
  const notes: string[] = [];
  const used = counts.filter((c) => c.n > 0);
  let test = { chi2: NaN, pValue: NaN, dof: NaN, cramersV: NaN, expected: [] as number[][] };
  if (used.length >= 2) test = chiSquareIndependence(used.map((c) => [c.n - c.converted, c.converted]));
  else notes.push("A single segment: no test of independence.");
  const sparse = test.expected.flat().filter((e) => e < 5).length;
  if (sparse > 0)
    notes.push(`${sparse} cell(s) have an expected count below 5: the chi-square p-value is approximate.`);
  if (segments.some((s) => s.small))
    notes.push(`Segments with fewer than ${minN} leads are flagged small: read their rates with care.`);
  return {
    attribute,
    chi2: num(test.chi2),
    p_value: num(test.pValue),
    dof: num(test.dof),
    cramers_v: num(test.cramersV),
    segments,
    notes,
  };
}
