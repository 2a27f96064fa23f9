import { describe, it } from "vitest";
import { kolmogorovSurvival, smirnovSurvival, ksTwoSampleExactSurvival } from "../../../lib/stats/index.ts";
import { expectRel } from "./reference.ts";

// Reference values from scipy 1.17.1 (kstwo.sf, special.smirnov, the exact two-sample routine
// behind ks_2samp(method="exact")).
describe("Kolmogorov–Smirnov distributions against scipy", () => {
  const rel = (got: number, ref: number, tol: number, what: string) => expectRel(got / ref, 1, tol, what);
  it("one-sided Smirnov tail", () => {
    rel(smirnovSurvival(10, 0.3), 0.1354635556, 1e-12, "n=10");
    rel(smirnovSurvival(100, 0.2), 0.0002775963664037337, 1e-12, "n=100");
    rel(smirnovSurvival(5000, 0.01), 0.36544317503217305, 1e-10, "n=5000");
  });
  it("two-sided one-sample tail in its three regimes", () => {
    rel(kolmogorovSurvival(0.43827394835386774, 1100), 8.264928178436858e-193, 1e-10, "2·smirnov regime");
    rel(kolmogorovSurvival(0.05, 100), 0.9532159710635725, 1e-12, "exact MTW regime");
    rel(kolmogorovSurvival(0.3, 10), 0.27053557479999946, 1e-12, "small n");
    rel(kolmogorovSurvival(0.03, 3000), 0.008848227794930863, 1e-10, "n=3000");
    rel(kolmogorovSurvival(0.02, 1000), 0.8108971656895577, 1e-6, "scipy uses Pelz–Good here");
  });
  it("exact two-sample tail", () => {
    rel(ksTwoSampleExactSurvival(0.5, 10, 10), 0.16782134274394334, 1e-14, "equal sizes");
    rel(ksTwoSampleExactSurvival(0.3, 20, 31), 0.17527612283283406, 1e-12, "20 vs 31");
    rel(ksTwoSampleExactSurvival(0.05, 300, 700), 0.6523491514598609, 1e-12, "300 vs 700");
    rel(ksTwoSampleExactSurvival(0.9, 5, 7), 0.0025252525252525255, 1e-12, "5 vs 7");
  });
});
