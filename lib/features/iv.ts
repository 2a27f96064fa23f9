/**
 * Information value of an attribute's levels: Σ (e_i − n_i)·ln(e_i/n_i), where e_i and n_i are the
 * level's shares of converted and non-converted leads. Each count gets +0.5 (and each total +0.5
 * per level) so a level with no conversions has a finite weight of evidence.
 * Reading (Siddiqi 2006): < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, > 0.3 strong, > 0.5 suspicious.
 *
 * @example
 * informationValue([{ leads: 100, conversions: 50 }, { leads: 100, conversions: 10 }]) // → 0.72…
 */
export function informationValue(levels: Array<{ leads: number; conversions: number }>, smoothing = 0.5): number {
  const used = levels.filter((l) => l.leads > 0);
  const k = used.length;
  const events = used.reduce((s, l) => s + l.conversions, 0);
  const nonEvents = used.reduce((s, l) => s + l.leads - l.conversions, 0);
  let iv = 0;
  for (const l of used) {
    const e = (l.conversions + smoothing) / (events + smoothing * k);
    const n = (l.leads - l.conversions + smoothing) / (nonEvents + smoothing * k);
    iv += (e - n) * Math.log(e / n);
  }
  return iv;
}
