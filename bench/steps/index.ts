import data from "./data.ts";
import ingest from "./ingest.ts";
import fit from "./fit.ts";
import synthetic from "./synthetic.ts";
import model from "./model.ts";

/** A bench step: JSON-able arguments in, figures out (run one with bench/step.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Step = (args: any) => Promise<Record<string, unknown>>;

/** Every bench step by name. */
export const steps: Record<string, Step> = { data, ingest, fit, synthetic, model };
