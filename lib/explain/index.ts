export { explain, topContributions, type Contribution, type Explanation, type ExplainOptions } from "./explain.ts";
export { reasonsSql, levelNameSql, type ReasonsSqlOptions } from "./sql.ts";
export { explainLeads, type ExplainLeadsOptions } from "./leads.ts";
