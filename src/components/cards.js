import {html} from "npm:htl";

/**
 * A headline figure card: big value, a label, and a small line underneath (interval, n).
 * @param {{label: string, value: string, note?: string, title?: string}} options
 */
export function kpi({label, value, note = "", title = ""}) {
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

/** The suppression line under a table or chart: how many small cells were held back. */
export function suppressedNote(count, minCell, what = "rows") {
  return count > 0 ? html`<p class="small muted">${count} ${what} with fewer than ${minCell} leads are not shown.</p>` : html``;
}
