// Data loader: the roi page's aggregates (cells below k leads suppressed), computed by lib/report/data from LEADLENS_DB.
import { emitData } from "../../lib/report/data/emit.js";

await emitData("roi.json");
