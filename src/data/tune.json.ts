// Data loader: held-out patterns and fitted points for the Tune weights page (patterns below k leads suppressed).
import { emitPage } from "../../lib/report/data/store.ts";
import { tuneData } from "../../lib/report/data/tune.ts";

await emitPage(tuneData);
