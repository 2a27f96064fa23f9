// Runs lib/report's build for the e2e suite: `node --import tsx test/e2e/build-site.ts DB OUT K`.
// Calls the library directly so the suite does not depend on every other CLI command loading.
import { buildReport } from "../../lib/report/build.ts";

const [db, out, k, rubric, rules] = process.argv.slice(2);
await buildReport({ db, out, minCell: Number(k), rubric: rubric || undefined, rules: rules || undefined });
