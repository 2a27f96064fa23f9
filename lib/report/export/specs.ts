import type { TopLevelSpec } from "vega-lite";

const FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif";
const base = { width: 560, config: { font: FONT, view: { stroke: null } } } as const;
const pct = { format: ".0%" } as const;

/** Leads created per month, bars; n in the subtitle. */
export function monthlyLeadsSpec(rows: { period: string; n: number }[]): TopLevelSpec {
  const n = rows.reduce((s, r) => s + r.n, 0);
  return {
    ...base,
    height: 220,
    title: { text: "Leads created per month", subtitle: `n = ${n.toLocaleString("en-US")} leads` },
    data: { values: rows },
    mark: { type: "bar", color: "#4269d0" },
    encoding: {
      x: { field: "period", type: "ordinal", title: null },
      y: { field: "n", type: "quantitative", title: "Leads (count)" },
    },
  };
}

/** A rate per category with its 95% interval as a rule and the rate as a point. */
export function rateSpec(
  title: string,
  rows: { label: string; rate: number; ci_low: number; ci_high: number; n: number }[],
  axis: string,
): TopLevelSpec {
  const n = rows.reduce((s, r) => s + r.n, 0);
  return {
    ...base,
    title: { text: title, subtitle: `bars: 95% Wilson interval; n = ${n.toLocaleString("en-US")}` },
    data: { values: rows },
    encoding: { y: { field: "label", type: "nominal", title: null, sort: null } },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 3, opacity: 0.5, color: "#4269d0" },
        encoding: { x: { field: "ci_low", type: "quantitative", title: axis, axis: pct }, x2: { field: "ci_high" } },
      },
      {
        mark: { type: "point", filled: true, size: 60, color: "#4269d0" },
        encoding: { x: { field: "rate", type: "quantitative" } },
      },
      {
        mark: { type: "text", align: "left", dx: 8, color: "#666" },
        encoding: { x: { field: "ci_high", type: "quantitative" }, text: { field: "n", format: "," } },
      },
    ],
  };
}

/** Kaplan–Meier curves (share moved on by day) per group. */
export function kmSpec(
  title: string,
  rows: { group: string; day: number; moved_on: number; n: number }[],
): TopLevelSpec {
  return {
    ...base,
    height: 260,
    title: { text: title, subtitle: "Kaplan–Meier; leads still waiting are censored at the data's end" },
    data: { values: rows.map((r) => ({ ...r, label: `${r.group} (n = ${r.n})` })) },
    mark: { type: "line", interpolate: "step-after" },
    encoding: {
      x: { field: "day", type: "quantitative", title: "Days since entering the stage" },
      y: { field: "moved_on", type: "quantitative", title: "Moved on", axis: pct, scale: { domain: [0, 1] } },
      color: { field: "label", type: "nominal", title: null },
    },
  };
}
