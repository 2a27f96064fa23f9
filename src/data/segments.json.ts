// Data loader: the segments page's aggregates (suppressed below k leads), computed by lib/ from LEADLENS_DB.
import { emitPage } from "../../lib/report/data/store.ts";
import { segmentsData } from "../../lib/report/data/segments.ts";

await emitPage(segmentsData);
