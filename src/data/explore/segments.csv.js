// Data loader: the published segments aggregates as CSV for the Explore page's SQL cell.
import { emitData } from "../../../lib/report/data/emit.js";

await emitData("explore/segments.csv");
