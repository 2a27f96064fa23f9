// Data loader: the funnel page's aggregates (suppressed below k leads), computed by lib/ from LEADLENS_DB.
import { emitPage } from "../../lib/report/data/store.ts";
import { funnelData } from "../../lib/report/data/funnel.ts";

await emitPage(funnelData);
