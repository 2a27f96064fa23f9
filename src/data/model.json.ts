// Data loader: the model page's aggregates (suppressed below k leads), computed by lib/ from LEADLENS_DB.
import { emitPage } from "../../lib/report/data/store.ts";
import { modelData } from "../../lib/report/data/modelPage.ts";

await emitPage(modelData);
