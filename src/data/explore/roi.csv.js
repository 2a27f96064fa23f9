// Data loader: the published roi aggregates as CSV for the Explore page's SQL cell.
import { emitData } from "../../../lib/report/data/emit.js";

await emitData("explore/roi.csv");
