// The preset names alone, without their loader: the CLI lists them in `--help` without loading YAML.

/** The presets shipped with leadlens and the flag each needs. */
export const PRESETS: Record<string, { flag: "dir" | "file"; help: string }> = {
  olist: {
    flag: "dir",
    help: "--dir <folder with olist_marketing_qualified_leads_dataset.csv and olist_closed_deals_dataset.csv>",
  },
  "x-education": { flag: "file", help: "--file <Leads.csv>" },
};
