// Data loader: the published funnel aggregates as CSV for the Explore page's SQL cell.
import { emitData } from "../../../lib/report/data/emit.js";

await emitData("explore/funnel.csv");
