// Data loader: the qualification page's aggregates (suppressed below k leads), computed by lib/ from LEADLENS_DB.
import { emitPage } from "../../lib/report/data/store.ts";
import { qualificationData } from "../../lib/report/data/qualification.ts";

await emitPage(qualificationData);
