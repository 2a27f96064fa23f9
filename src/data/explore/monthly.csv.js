// Data loader: the published monthly aggregates as CSV for the Explore page's SQL cell.
import { emitData } from "../../../lib/report/data/emit.js";

await emitData("explore/monthly.csv");
