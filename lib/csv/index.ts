export { csvCell, csvCellSql, fromCsvCell, isFormulaLike } from "./cell.ts";
