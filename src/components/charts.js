import * as Plot from "npm:@observablehq/plot";
import { int, pct } from "./format.js";

// Framework reports a width of 0 before the page is laid out; charts never go below this.
const MIN_WIDTH = 320;

/**
 * Rates with their 95% intervals, one row per category: a dot for the rate, a bar for the interval,
 * n beside each row and an optional reference line (the overall rate).
 * @param {object[]} data rows
 * @param {{y: string, rate?: string, low?: string, high?: string, n?: string, reference?: number,
 *          referenceLabel?: string, label?: string, width?: number, sort?: boolean}} options
 */
export function rateChart(
  data,
  {
    y,
    rate = "rate",
    low = "ci_low",
    high = "ci_high",
    n = "n",
    reference,
    referenceLabel = "overall",
    label = "Conversion rate (%) with 95% interval →",
    width = 640,
    sort = true,
    caption,
  } = {},
) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const rows = data.filter((d) => d[rate] != null);
  const order = sort
    ? rows
        .slice()
        .sort((a, b) => b[rate] - a[rate])
        .map((d) => d[y])
    : rows.map((d) => d[y]);
  const total = rows.reduce((s, d) => s + (+d[n] || 0), 0);
  const top = Math.min(1, Math.max(...rows.map((d) => d[high] ?? d[rate])) * 1.1 || 1);
  return Plot.plot({
    width,
    height: Math.max(80, 28 * rows.length + 50),
    marginLeft: 150,
    marginRight: 90,
    x: {
      label,
      tickFormat: (x) => (top < 0.1 ? (100 * x).toFixed(1) : `${Math.round(100 * x)}`),
      grid: true,
      domain: [0, top],
    },
    y: { label: null, domain: order },
    caption:
      caption ??
      `n = ${int(total)} leads; bars are 95% Wilson intervals.${rows.some((d) => d.small) ? " Hollow: small group, read with care." : ""}`,
    marks: [
      reference == null
        ? null
        : Plot.ruleX([reference], { stroke: "var(--theme-foreground-muted)", strokeDasharray: "4,3" }),
      reference == null
        ? null
        : Plot.text([reference], {
            x: (d) => d,
            frameAnchor: "top",
            dy: -2,
            text: () => `${referenceLabel} ${pct(reference)}`,
            fill: "var(--theme-foreground-muted)",
            textAnchor: "start",
            dx: 4,
          }),
      Plot.ruleY(rows, {
        y,
        x1: low,
        x2: high,
        stroke: "var(--theme-foreground-focus)",
        strokeWidth: 3,
        strokeOpacity: 0.45,
      }),
      // Hollow dots: groups flagged small by lib/ (read with care).
      Plot.dot(rows, {
        y,
        x: rate,
        fill: (d) => (d.small ? "var(--theme-background)" : "var(--theme-foreground-focus)"),
        stroke: "var(--theme-foreground-focus)",
        r: 4,
        tip: true,
        title: (d) =>
          `${d[y]}\n${pct(d[rate])} (${pct(d[low])}–${pct(d[high])})\nn = ${int(d[n])}${d.small ? "\nsmall: read with care" : ""}`,
      }),
      Plot.text(rows, {
        y,
        frameAnchor: "right",
        text: (d) => `n = ${int(d[n])}`,
        dx: 86,
        textAnchor: "end",
        fill: "var(--theme-foreground-muted)",
      }),
    ],
  });
}

/**
 * Counts per period (leads created per month) as bars, with the rate and interval as a second
 * small chart underneath when `rate` is given.
 * @param {object[]} data rows with a period field
 * @param {{x: string, y: string, label?: string, width?: number}} options
 */
export function countBars(data, { x, y, label = "Leads", width = 640, caption } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const total = data.reduce((s, d) => s + (+d[y] || 0), 0);
  return Plot.plot({
    width,
    height: 220,
    // At most ~12 labelled ticks, so month labels never overlap.
    x: {
      label: null,
      type: "band",
      ticks: data.map((d) => d[x]).filter((_, i) => i % Math.ceil(data.length / 12) === 0),
      tickFormat: (d) => String(d).slice(2),
    },
    y: { label: `↑ ${label} (count)`, grid: true },
    caption: caption ?? `n = ${int(total)} leads.`,
    marks: [
      Plot.barY(data, { x, y, fill: "var(--theme-foreground-focus)", fillOpacity: 0.8, tip: true }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * A rate over time with its interval as a band. Rows with `mature: false` (lib/ marks periods whose
 * leads have not had the maturity window to convert) are not drawn: their rate would read as a fall
 * to near 0%. The caption says which months are left out and what the rate is over.
 * @param {object[]} data rows with period, rate, ci_low, ci_high, n and optionally mature
 * @param {{maturityDays?: number, over?: string}} options `over`: what the rate is a share of
 */
export function rateOverTime(
  data,
  {
    x = "period",
    rate = "rate",
    low = "ci_low",
    high = "ci_high",
    n = "n",
    label = "Conversion rate (%)",
    width = 640,
    maturityDays,
    over = "the leads created in each month",
  } = {},
) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const dated = data.filter((d) => d[rate] != null).map((d) => ({ ...d, date: new Date(`${d[x]}-01`) }));
  const rows = dated.filter((d) => d.mature !== false);
  const young = dated.filter((d) => d.mature === false);
  const total = rows.reduce((s, d) => s + (+d[n] || 0), 0);
  const left = young.length
    ? ` Not drawn: ${young.length === 1 ? young[0][x] : `${young.length} months (${young[0][x]} to ${young.at(-1)[x]})`}, whose leads have had less than ${maturityDays ?? "the maturity window's"} days to convert.`
    : "";
  return Plot.plot({
    width,
    height: 220,
    x: { label: null, type: "utc" },
    y: {
      label: `↑ ${label}`,
      grid: true,
      tickFormat: (v) => `${Math.round(100 * v)}`,
      domain: [0, Math.max(0.01, ...rows.map((d) => d[high])) * 1.1],
    },
    caption: `Won so far, as a share of ${over}; band: 95% Wilson interval per month; n = ${int(total)} leads in ${rows.length} months.${left}`,
    marks: [
      Plot.areaY(rows, {
        x: "date",
        y1: low,
        y2: high,
        fill: "var(--theme-foreground-focus)",
        fillOpacity: 0.15,
        curve: "step",
      }),
      Plot.lineY(rows, { x: "date", y: rate, stroke: "var(--theme-foreground-focus)", curve: "step" }),
      Plot.dot(rows, {
        x: "date",
        y: rate,
        r: 2.5,
        fill: "var(--theme-foreground-focus)",
        tip: true,
        title: (d) => `${d[x]}: ${pct(d[rate])} (${pct(d[low])}–${pct(d[high])}), n = ${int(d[n])}`,
      }),
    ],
  });
}

/**
 * Kaplan–Meier curves: share of leads that moved on by day t, one line per group. Leads still
 * waiting at the data's end are censored, not dropped.
 * @param {object[]} data rows {group, n, day, moved_on}
 */
export function kmChart(data, { width = 640, title } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const groups = [...new Set(data.map((d) => d.group))];
  const n = Object.fromEntries(data.map((d) => [d.group, d.n]));
  return Plot.plot({
    width,
    height: 300,
    title,
    x: { label: "Days since entering the stage →", grid: true },
    // Zoom in when few move on (e.g. 10% won): a 0–100% axis would flatten every curve.
    y: {
      label: "↑ Moved on (%)",
      domain: [0, Math.min(1, 1.15 * Math.max(0.05, ...data.map((d) => d.moved_on)))],
      tickFormat: (v) => `${Math.round(100 * v)}`,
      grid: true,
    },
    color: { legend: true, domain: groups, tickFormat: (g) => `${g} (n = ${int(n[g])})` },
    caption:
      "Kaplan–Meier estimate of the share that moved on by each day; leads still waiting are censored at the data's end. Thick line: all leads.",
    marks: [
      Plot.lineY(data, {
        x: "day",
        y: "moved_on",
        stroke: "group",
        strokeWidth: (d) => (d.group === "all leads" ? 3 : 1.5),
        curve: "step-after",
        tip: true,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Medians side by side: censoring-aware Kaplan–Meier median (with its interval) and the naive median
 * over leads that already moved on.
 * @param {object[]} data rows {label, km, km_low, km_high, naive, n}
 */
export function medianChart(data, { width = 640 } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const rows = data.filter((d) => d.km != null || d.naive != null);
  return Plot.plot({
    width,
    height: Math.max(90, 30 * rows.length + 60),
    marginLeft: 150,
    x: {
      label: "Median days to move on →",
      grid: true,
      domain: [0, Math.max(1, ...rows.flatMap((d) => [d.km_high ?? d.km ?? 0, d.naive ?? 0])) * 1.05],
    },
    y: { label: null },
    color: { legend: true, domain: ["Kaplan–Meier (censoring-aware)", "naive (moved-on leads only)"] },
    caption: `Bars: 95% interval of the Kaplan–Meier median; n = ${int(data[0]?.n)} leads entering (per group on hover).${rows.some((d) => d.km == null) ? " Where fewer than half have moved on, the Kaplan–Meier median is not reached and only the naive median shows: read the share that moved on within 30 / 90 / 180 days instead." : ""}`,
    marks: [
      Plot.ruleY(
        rows.filter((d) => d.km_low != null),
        {
          y: "label",
          x1: "km_low",
          x2: (d) => d.km_high ?? d.km,
          stroke: "#4269d0",
          strokeWidth: 3,
          strokeOpacity: 0.4,
        },
      ),
      Plot.dot(
        rows.filter((d) => d.km != null),
        { y: "label", x: "km", fill: () => "Kaplan–Meier (censoring-aware)", r: 5, tip: true },
      ),
      Plot.dot(
        rows.filter((d) => d.naive != null),
        {
          y: "label",
          x: "naive",
          stroke: () => "naive (moved-on leads only)",
          symbol: "diamond",
          r: 5,
          tip: true,
          title: (d) => `${d.label}: naive median ${d.naive} days, n = ${int(d.n)}`,
        },
      ),
    ],
  });
}

/**
 * Horizontal bars for money or counts per category, e.g. cost per stage per channel.
 * @param {object[]} data rows
 * @param {{percent?: boolean}} options percent: x holds shares 0–1, ticks show them as 0–100
 */
export function valueBars(data, { y, x, label, width = 640, caption, format = int, percent = false } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const rows = data.filter((d) => d[x] != null && Number.isFinite(+d[x]));
  return Plot.plot({
    width,
    height: Math.max(80, 28 * rows.length + 50),
    marginLeft: 150,
    marginRight: 80,
    // percent: values are shares (0–1) and the label says %, so ticks read 0–100 like the label.
    x: { label, grid: true, percent },
    y: {
      label: null,
      domain: rows
        .slice()
        .sort((a, b) => b[x] - a[x])
        .map((d) => d[y]),
    },
    caption,
    marks: [
      Plot.barX(rows, { y, x, fill: "var(--theme-foreground-focus)", fillOpacity: 0.8, tip: true }),
      Plot.text(rows, { y, x, text: (d) => format(d[x]), dx: 4, textAnchor: "start" }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * An interval per category for a value that is not a proportion (ROI, projected ROI).
 * @param {object[]} data rows with value, low, high
 */
export function intervalChart(data, { y, value, low, high, label, width = 640, caption, format = (v) => v } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const rows = data.filter((d) => d[value] != null && Number.isFinite(+d[value]));
  return Plot.plot({
    width,
    height: Math.max(80, 28 * rows.length + 50),
    marginLeft: 150,
    x: { label, grid: true, tickFormat: format },
    y: {
      label: null,
      domain: rows
        .slice()
        .sort((a, b) => b[value] - a[value])
        .map((d) => d[y]),
    },
    caption,
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(
        rows.filter((d) => d[low] != null),
        { y, x1: low, x2: high, stroke: "var(--theme-foreground-focus)", strokeWidth: 3, strokeOpacity: 0.45 },
      ),
      Plot.dot(rows, { y, x: value, fill: "var(--theme-foreground-focus)", r: 4, tip: true }),
    ],
  });
}

/**
 * Reliability diagram: mean predicted probability against the observed rate per bin, with intervals.
 * @param {object[]} data rows {predicted, observed, ci_low, ci_high, n}
 */
export function reliabilityChart(data, { width = 420 } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  const total = data.reduce((s, d) => s + (+d.n || 0), 0);
  return Plot.plot({
    width,
    height: width,
    x: {
      label: "Predicted probability (%) →",
      domain: [0, 1],
      tickFormat: (v) => `${Math.round(100 * v)}`,
      grid: true,
    },
    y: { label: "↑ Observed rate (%)", domain: [0, 1], tickFormat: (v) => `${Math.round(100 * v)}`, grid: true },
    caption: `Held-out leads, n = ${int(total)}; bars are 95% Wilson intervals. On the diagonal = calibrated.`,
    marks: [
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: "var(--theme-foreground-muted)", strokeDasharray: "4,3" },
      ),
      Plot.ruleX(
        data.filter((d) => d.ci_low != null),
        {
          x: "predicted",
          y1: "ci_low",
          y2: "ci_high",
          stroke: "var(--theme-foreground-focus)",
          strokeOpacity: 0.5,
          strokeWidth: 3,
        },
      ),
      Plot.dot(data, { x: "predicted", y: "observed", r: 4, fill: "var(--theme-foreground-focus)", tip: true }),
    ],
  });
}

/**
 * Cumulative gains: share of converters captured by the top x% of leads by score.
 * @param {object[]} data rows {share_leads, share_converters}
 */
export function gainsChart(data, { width = 420, n, series, scope = "held-out" } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  if (series) return gainsSeries(data, { width, n, scope });
  const rows = [{ share_leads: 0, share_converters: 0 }, ...data];
  return Plot.plot({
    width,
    height: width,
    x: { label: "Top leads by score (%) →", domain: [0, 1], tickFormat: (v) => `${Math.round(100 * v)}`, grid: true },
    y: { label: "↑ Converters captured (%)", domain: [0, 1], tickFormat: (v) => `${Math.round(100 * v)}`, grid: true },
    caption: `Cumulative gains on held-out leads${n ? `, n = ${int(n)}` : ""}. Dashed: random ordering.`,
    marks: [
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: "var(--theme-foreground-muted)", strokeDasharray: "4,3" },
      ),
      Plot.line(rows, {
        x: "share_leads",
        y: "share_converters",
        stroke: "var(--theme-foreground-focus)",
        marker: "dot",
        tip: true,
      }),
    ],
  });
}

/**
 * A heat map of a grade matrix (fit × intent) with conversion rate and n in each cell.
 * @param {object[]} data rows {fit, intent, n, rate}
 */
export function gradeMatrix(data, { width = 480 } = {}) {
  width = Math.max(width ?? 640, MIN_WIDTH);
  return Plot.plot({
    width,
    height: 300,
    padding: 0.05,
    x: { label: "Intent grade →", domain: ["1", "2", "3", "4"] },
    y: { label: "Fit grade", domain: ["A", "B", "C", "D"] },
    color: { scheme: "blues", label: "Conversion rate (%)", legend: true, tickFormat: (v) => `${Math.round(100 * v)}` },
    caption: `Cells with fewer leads than the minimum are blank; n = ${int(data.reduce((s, d) => s + (d.n ?? 0), 0))} leads in the other cells.`,
    marks: [
      Plot.cell(data, {
        x: (d) => String(d.intent),
        y: "fit",
        fill: (d) => d.rate ?? undefined,
        stroke: "var(--theme-foreground-faint)",
        tip: true,
      }),
      Plot.text(data, {
        x: (d) => String(d.intent),
        y: "fit",
        text: (d) => (d.n == null ? "< min" : `${d.grade}\n${pct(d.rate)}\nn = ${int(d.n)}`),
        fill: (d) => (d.rate > 0.3 ? "white" : "currentColor"),
      }),
    ],
  });
}

/** Several gains curves (rows carry a `series` name), e.g. tuned vs fitted points; `scope` says on which leads (held-out or in-sample). */
function gainsSeries(data, { width, n, scope }) {
  return Plot.plot({
    width,
    height: Math.min(width, 420),
    x: { label: "Top leads by points (%) →", domain: [0, 1], tickFormat: (v) => `${Math.round(100 * v)}`, grid: true },
    y: { label: "↑ Converters captured (%)", domain: [0, 1], tickFormat: (v) => `${Math.round(100 * v)}`, grid: true },
    color: { legend: true },
    caption: `Cumulative gains on ${scope} patterns${n ? `, n = ${int(n)} leads` : ""}. Dashed: random ordering.`,
    marks: [
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: "var(--theme-foreground-muted)", strokeDasharray: "4,3" },
      ),
      Plot.line(data, { x: "share_leads", y: "share_converters", stroke: "series", tip: true }),
    ],
  });
}
