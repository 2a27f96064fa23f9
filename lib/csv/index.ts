export { csvCell, csvCellSql, csvTable, fromCsvCell, isFormulaLike } from "./cell.ts";
