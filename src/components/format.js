// Number formats shared by every page: one place, so the report reads consistently.
const nf = new Intl.NumberFormat("en-US");
const nf1 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** 1234 → "1,234"; null → "—". */
export function int(n) {
  return n == null || !Number.isFinite(+n) ? "—" : nf.format(Math.round(+n));
}

/** 0.1253 → "12.5%"; null → "—". */
export function pct(x, digits = 1) {
  return x == null || !Number.isFinite(+x) ? "—" : `${(100 * x).toFixed(digits)}%`;
}

/** A rate with its 95% interval: "12.5% (11.0–14.3%)". */
export function rateCi(rate, low, high, digits = 1) {
  if (rate == null) return "—";
  return `${pct(rate, digits)} (${pct(low, digits).replace("%", "")}–${pct(high, digits)})`;
}

/** 12345.6 with currency "EUR" → "EUR 12,346"; no currency → "12,346". */
export function money(x, currency) {
  if (x == null || !Number.isFinite(+x)) return "—";
  return `${currency ? `${currency} ` : ""}${nf.format(Math.round(+x))}`;
}

/** Days: 14 → "14 days"; null → "not reached". */
export function days(d) {
  return d == null ? "not reached" : `${nf1.format(d)} days`;
}

/** 0.1234 → "+12.3%"; signed change. */
export function change(x) {
  return x == null || !Number.isFinite(+x) ? "—" : `${x >= 0 ? "+" : "−"}${(100 * Math.abs(x)).toFixed(1)}%`;
}
