// Data loader: the tune page's aggregates (cells below k leads suppressed), computed by lib/report/data from LEADLENS_DB.
import { emitData } from "../../lib/report/data/emit.js";

await emitData("tune.json");
