// Data loader: the published funnel aggregates as CSV for the Explore page's SQL cell.
import { emitText } from "../../../lib/report/data/store.ts";
import { exploreCsv } from "../../../lib/report/data/explore.ts";

await emitText((ctx) => exploreCsv("funnel", ctx));
