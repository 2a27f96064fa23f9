// Data loader: the roi page's aggregates (suppressed below k leads), computed by lib/ from LEADLENS_DB.
import { emitPage } from "../../lib/report/data/store.ts";
import { roiData } from "../../lib/report/data/roi.ts";

await emitPage(roiData);
