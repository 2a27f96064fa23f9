// The page of the private tuning workspace (`leadlens tune`), bundled with the lib/ code it calls
// into workspace.js. Plain DOM: one editor per level, figures recomputed on every input.
import { toCsv } from "../../scorecard/io.ts";
import {
  workspaceRubric,
  workspaceSummary,
  decileGains,
  type Pass,
  type WorkspaceData,
  type WorkspaceSummary,
} from "./workspaceStats.ts";
import { auc } from "../../metrics/auc.ts";
import { delong } from "../../metrics/delong.ts";

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "—");
const int = (x: number) => Math.round(x).toLocaleString("en-US");
const num = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "—");

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A range and a number box kept in step; `onChange` gets the whole-number value. */
function editor(
  label: string,
  value: number,
  min: number,
  max: number,
  onChange: () => void,
  id?: string,
): { row: HTMLElement; value: () => number } {
  const range = el("input", { type: "range", min: String(min), max: String(max), step: "1", value: String(value) });
  const box = el("input", {
    type: "number",
    min: String(min),
    max: String(max),
    step: "1",
    value: String(value),
    ...(id ? { id } : {}),
  });
  range.addEventListener("input", () => {
    box.value = range.value;
    onChange();
  });
  box.addEventListener("input", () => {
    if (box.value !== "" && Number.isFinite(Number(box.value))) range.value = box.value;
    onChange();
  });
  // The number box is the value (the range clamps at its ends; a typed value beyond them still counts).
  const read = () => Math.round(Number(box.value === "" ? range.value : box.value));
  return { row: el("label", { class: "level" }, el("span", {}, label), range, box), value: read };
}

function passRows(name: string, p: Pass, fitted: Pass): HTMLElement[] {
  const row = (label: string, mine: string, fit: string) =>
    el("tr", {}, el("th", {}, label), el("td", {}, mine), el("td", {}, fit));
  return [
    row(`${name} threshold (points)`, String(p.threshold), String(fitted.threshold)),
    row(
      `${name} leads (pass rate)`,
      `${int(p.leads)} (${pct(p.pass_rate)})`,
      `${int(fitted.leads)} (${pct(fitted.pass_rate)})`,
    ),
    row(`${name} leads per week`, num(p.per_week), num(fitted.per_week)),
    row(
      `${name} converted (95% CI)`,
      `${int(p.conversions)} = ${pct(p.rate)} (${pct(p.low)}–${pct(p.high)})`,
      `${int(fitted.conversions)} = ${pct(fitted.rate)} (${pct(fitted.low)}–${pct(fitted.high)})`,
    ),
    row(`${name} expected conversions`, num(p.expected), num(fitted.expected)),
    row(`${name} share of all conversions`, pct(p.captured), pct(fitted.captured)),
  ];
}

function render(
  d: WorkspaceData,
  s: WorkspaceSummary,
  fitted: WorkspaceSummary,
  rubric: { auc: number; low: number; high: number; gains: number[] } | null,
  out: HTMLElement,
  points: number[][],
): void {
  out.dataset.auc = String(s.auc);
  out.dataset.leads = String(s.leads);
  out.dataset.mqlLeads = String(s.mql.leads);
  out.dataset.sqlLeads = String(s.sql.leads);
  out.dataset.mql = String(s.mql.threshold);
  out.dataset.sql = String(s.sql.threshold);
  out.dataset.points = JSON.stringify(points);
  const head = el(
    "tr",
    {},
    el("th", {}, ""),
    el("th", {}, "your points"),
    el("th", {}, "fitted points, starting thresholds"),
  );
  const rows = [
    el(
      "tr",
      {},
      el("th", {}, `AUC (${d.scope})`),
      el("td", {}, el("span", { id: "ws-auc" }, num(s.auc, 4)), ` (${num(s.auc_low, 3)}–${num(s.auc_high, 3)})`),
      el("td", {}, `${num(fitted.auc, 4)} (${num(fitted.auc_low, 3)}–${num(fitted.auc_high, 3)})`),
    ),
    el(
      "tr",
      {},
      el("th", {}, `${d.scope} leads, converted`),
      el("td", {}, `${int(s.leads)}, ${int(s.conversions)} (${pct(s.conversions / s.leads)})`),
      el("td", {}, "same leads"),
    ),
    ...passRows("MQL", s.mql, fitted.mql),
    ...passRows("SQL", s.sql, fitted.sql),
  ];
  if (rubric)
    rows.splice(
      1,
      0,
      el(
        "tr",
        {},
        el("th", {}, `AUC of ${d.rubric!.file}`),
        el("td", { colspan: "2" }, `${num(rubric.auc, 4)} (${num(rubric.low, 3)}–${num(rubric.high, 3)})`),
      ),
    );
  const gains = el(
    "table",
    { id: "ws-gains" },
    el(
      "tr",
      {},
      el("th", {}, "top share of leads"),
      el("th", {}, "your points"),
      el("th", {}, "fitted"),
      ...(rubric ? [el("th", {}, d.rubric!.file)] : []),
    ),
    ...s.gains.map((g, i) =>
      el(
        "tr",
        {},
        el("td", {}, `${(i + 1) * 10}%`),
        el("td", {}, pct(g)),
        el("td", {}, pct(fitted.gains[i])),
        ...(rubric ? [el("td", {}, pct(rubric.gains[i]))] : []),
      ),
    ),
  );
  const notes =
    s.sql.threshold < s.mql.threshold
      ? [
          el(
            "p",
            { class: "note", id: "ws-warning" },
            "The SQL threshold is below the MQL threshold: sales would take leads marketing does not qualify; keep SQL at or above MQL.",
          ),
        ]
      : [];
  out.replaceChildren(
    el("table", {}, head, ...rows),
    ...notes,
    el("h2", {}, `Gains by decile (share of ${d.scope} conversions captured)`),
    gains,
  );
}

function download(a: HTMLAnchorElement, name: string, type: string, body: () => string): void {
  a.download = name;
  a.href = "#";
  a.addEventListener("click", () => {
    a.href = URL.createObjectURL(new Blob([body()], { type }));
  });
}

async function main(): Promise<void> {
  const d = (await (await fetch("data.json")).json()) as WorkspaceData;
  const fittedPoints = d.attributes.map((a) => a.levels.map((l) => l.points));
  const fitted = workspaceSummary(d, d.base, fittedPoints, d.mql, d.sql);
  const ci = d.patterns.rubric ? delong(d.patterns.y, d.patterns.rubric, { weights: d.patterns.leads }) : null;
  const rubric = d.patterns.rubric
    ? {
        auc: auc(d.patterns.y, d.patterns.rubric, d.patterns.leads),
        low: ci!.low,
        high: ci!.high,
        gains: decileGains(d.patterns.rubric, d.patterns.y, d.patterns.leads),
      }
    : null;
  const out = document.getElementById("ws-summary")!;
  let update = () => {};
  const changed = () => update();
  const lo = -d.reach;
  const hi = d.reach;
  const [tLo, tHi] = d.threshold_range;
  const base = editor("base points", d.base, Math.min(d.base, tLo), Math.max(d.base, tHi), changed, "ws-base");
  const mql = editor("MQL threshold", d.mql, tLo, tHi, changed, "ws-mql");
  const sql = editor("SQL threshold", d.sql, tLo, tHi, changed, "ws-sql");
  const levels = d.attributes.map((a) =>
    a.levels.map((l) => editor(l.level, l.points, Math.min(lo, l.points), Math.max(hi, l.points), changed)),
  );
  document.getElementById("ws-thresholds")!.append(mql.row, sql.row, base.row);
  document
    .getElementById("ws-points")!
    .append(
      ...d.attributes.map((a, j) =>
        el(
          "fieldset",
          { "data-attribute": a.name },
          el("legend", {}, `${a.name} (${a.role})`),
          ...levels[j].map((e) => e.row),
        ),
      ),
    );
  const points = () => levels.map((l) => l.map((e) => e.value()));
  update = () => {
    const p = points();
    render(d, workspaceSummary(d, base.value(), p, mql.value(), sql.value()), fitted, rubric, out, p);
  };
  download(document.getElementById("ws-export-points") as HTMLAnchorElement, "points.csv", "text/csv", () =>
    toCsv(workspaceRubric(d, base.value(), points())),
  );
  download(
    document.getElementById("ws-export-thresholds") as HTMLAnchorElement,
    "thresholds.json",
    "application/json",
    () => `${JSON.stringify({ model_id: d.model_id, mql: mql.value(), sql: sql.value() }, null, 2)}\n`,
  );
  document.getElementById("ws-scope")!.textContent =
    `Model ${d.model_id}. Figures on ${d.leads_text} (${int(fitted.leads)} leads ${d.weeks ? `over ${num(d.weeks)} weeks` : "without creation dates, so no volumes per week"}). ` +
    "Expected conversions read the model's calibrated points → probability table at each lead's new total: a guide for small changes; the observed count beside it is the check.";
  update();
}

void main().catch((e) => {
  document.getElementById("ws-summary")!.textContent = `The workspace could not start: ${(e as Error).message}`;
});
