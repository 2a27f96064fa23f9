export { openStore, requireLeads, configuredMemoryLimit, DEFAULT_DB, type Store, type OpenOptions } from "./open.ts";
export { migrate, refuseNewer, schemaVersion } from "./migrate.ts";
export { damagedStore } from "./damaged.ts";
export { all, one, exec, transaction, hasRows, ident, literal, plain, type Row, type Params } from "./query.ts";
export { migrations, type Migration } from "./migrations/index.ts";
