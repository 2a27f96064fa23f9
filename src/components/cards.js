import { html } from "npm:htl";

/**
 * A headline figure card: big value, a label, and a small line underneath (interval, n).
 * @param {{label: string, value: string, note?: string, title?: string}} options
 */
export function kpi({ label, value, note = "", title = "" }) {
  return html`<div class="card kpi" title=${title}>
    <h2>${label}</h2>
    <span class="big">${value}</span>
    <div class="kpi-note">${note}</div>
  </div>`;
}

/** A plain-words note shown instead of a chart whose data does not exist. */
export function unavailable(reason) {
  return html`<div class="note unavailable" data-unavailable="true"><p>${reason}</p></div>`;
}

/**
 * The suppression line under a table or chart: how many cells were held back, small ones and those
 * held back with them so that the total minus the shown cells does not give a small one away.
 */
export function suppressedNote(count, minCell, what = "rows") {
  return count > 0
    ? html`<p class="small muted">${count} ${what} not shown: fewer than ${minCell} leads, or held back with such a one so that the total minus the shown ${what} does not reveal it.</p>`
    : html``;
}
