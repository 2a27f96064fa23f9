/**
 * The horizon for censoring-aware rates: the day by which `share` (default 90%) of the won leads
 * with dates had won, rounded up to a whole week (up to 13 weeks) or a 30-day month beyond. Null
 * when no won lead has dates.
 *
 * @example
 * horizonFromWins([{ days: 3, n: 50 }, { days: 20, n: 40 }, { days: 100, n: 10 }]) // → 21
 */
export function horizonFromWins(wins: { days: number; n: number }[], share = 0.9): number | null {
  const rows = wins.filter((w) => w.n > 0 && Number.isFinite(w.days)).sort((a, b) => a.days - b.days);
  const total = rows.reduce((s, r) => s + r.n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const r of rows) {
    seen += r.n;
    if (seen >= share * total - 1e-9) {
      const d = Math.max(1, Math.ceil(r.days));
      return d <= 91 ? Math.ceil(d / 7) * 7 : Math.ceil(d / 30) * 30;
    }
  }
  return null;
}
