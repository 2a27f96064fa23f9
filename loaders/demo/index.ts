/**
 * The demo source: synthetic leads drawn from a documented ground truth (docs/demo.md), written
 * as CSV files with a source config and truth.json beside them.
 */
export { writeDemo, leadsPerMonth, type DemoOptions, type DemoFiles } from "./write.ts";
export { improperMedian, pooledImproperMedian, lognormalCdf } from "./medians.ts";
export { demoConfig, FILES as DEMO_FILES } from "./config.ts";
export { random, cumulative, type Random } from "./random.ts";
export * as demoTruth from "./truth.ts";
export { DEMO_VERSION } from "./truth.ts";
