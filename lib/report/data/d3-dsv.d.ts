// d3-dsv ships no types; only the function the explore loaders use is declared.
declare module "d3-dsv" {
  export function csvParse(text: string): Array<Record<string, string>>;
  export function csvFormat(rows: readonly object[], columns?: readonly string[]): string;
}
