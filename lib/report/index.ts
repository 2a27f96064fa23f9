export { buildReport, type BuildOptions, type BuildResult } from "./build.ts";
export {
  vendor,
  VENDORED,
  PLACEHOLDERS,
  npmCacheDir,
  vendoredFolders,
  type VendorPackage,
  type VendorOptions,
} from "./vendor.ts";
export { suppress, publishable, minCellFromEnv, type Suppressed, type SuppressOptions } from "./suppress.ts";
export { serveReport, type Preview } from "./serve.ts";
export { PROJECT_DIR, SITE_ROOT, DEFAULT_OUT, DEFAULT_MIN_CELL } from "./paths.ts";
