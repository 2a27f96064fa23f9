// Data loader: the overview page's aggregates (suppressed below k leads), computed by lib/ from LEADLENS_DB.
import { emitPage } from "../../lib/report/data/store.ts";
import { overviewData } from "../../lib/report/data/overview.ts";

await emitPage(overviewData);
