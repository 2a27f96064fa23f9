// Observable Framework configuration for the leadlens report.
// Built by `leadlens report build`, which vendors every npm: import first (lib/report/vendor.ts), so
// the build and the published pages need no network at all.
export default {
  title: "leadlens report",
  root: "src",
  output: process.env.LEADLENS_OUT ?? "dist",
  pages: [
    { name: "Overview", path: "/" },
    { name: "Segments", path: "/segments" },
    { name: "Funnel velocity", path: "/funnel" },
    { name: "Channel ROI", path: "/roi" },
    { name: "Scoring model", path: "/model" },
    { name: "Qualification", path: "/qualification" },
    { name: "Data quality", path: "/quality" },
    { name: "Explore", path: "/explore" },
    { name: "Tune weights", path: "/tune" },
  ],
  // No third-party font: the theme below uses the reader's system fonts.
  globalStylesheets: [],
  style: "style.css",
  // DuckDB-wasm without extensions: the defaults would be downloaded from a non-registry host.
  duckdb: { extensions: { json: null, parquet: null } },
  search: false,
  toc: false,
  // An empty icon: otherwise browsers ask for /favicon.ico and log a 404.
  head: '<link rel="icon" href="data:,">',
  footer: "leadlens — aggregates only; cells under the minimum count are suppressed.",
};
