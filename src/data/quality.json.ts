// Data loader: the quality page's aggregates (suppressed below k leads), computed by lib/ from LEADLENS_DB.
import { emitPage } from "../../lib/report/data/store.ts";
import { qualityData } from "../../lib/report/data/quality.ts";

await emitPage(qualityData);
