import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { parseConfig, loadConfig, loadPreset } from "../../loaders/index.ts";
import { SHARED, tempDir, writeSource } from "./helpers.ts";

const parse = (yaml: string) => parseConfig(yaml, "scoring.yml", "/data/exports");
const base = "source: s\nleads: { file: leads.csv, id: id }\n";

describe("source config validation", () => {
  it("names the key path and what was expected", () => {
    expect(() =>
      parse(
        `${base}attributes:\n${"  - { name: a, role: fit.demographic }\n".repeat(0)}  - { name: a, role: fit.demographic }\n  - { name: b, role: fit.demographic }\n  - { name: c, role: fit.demographic }\n  - { name: d, role: fit.demo }\n`,
      ),
    ).toThrow(
      'scoring.yml: attributes[3].role: expected one of id, fit.demographic, fit.firmographic, fit.geographic, fit.psychographic, intent.behavioral, post_outcome, got "fit.demo".',
    );
    expect(() => parse("leads: { file: a.csv, id: id }\n")).toThrow(
      "scoring.yml: source: expected a value (this key is required), got nothing.",
    );
    expect(() => parse(`${base}attributes: [{ name: Lead Source, role: fit.demographic }]\n`)).toThrow(
      /attributes\[0\]\.name: expected a snake_case name/,
    );
    expect(() => parse(`${base}attributes: [{ name: channel, role: fit.demographic }]\n`)).toThrow(
      /attributes\[0\]\.name: expected a name other than the built-in columns/,
    );
    expect(() =>
      parse(`${base}attributes: [{ name: a, role: fit.demographic }, { name: a, role: fit.geographic }]\n`),
    ).toThrow(/attributes\[1\]\.name: expected a name not used by another attribute/);
    expect(() => parse(`${base}checks: { outcome_before_created: drop }\n`)).toThrow(
      /checks\.outcome_before_created: expected one of reject, flag, got "drop"/,
    );
    expect(() => parse(`${base}currency: euro\n`)).toThrow(/currency: expected a three-letter ISO 4217 code/);
    expect(() => parse(`${base}as_of: yesterday\n`)).toThrow(/as_of: expected an ISO date/);
    expect(() => parse("source: s\nleads: { id: id }\n")).toThrow(/leads\.file: expected a file path/);
    expect(() => parse(`${base}outcome: { column: c }\n`)).toThrow(/outcome\.won: expected a value/);
    expect(() => parse(`${base}stages: { order: [lead, won], wide: { mql: d } }\n`)).toThrow(
      /stages\.wide\.mql: expected a stage listed in stages\.order or stages\.exits/,
    );
    expect(() => parse(`${base}spend: { file: s.csv, channel: c, period_start: a, period_end: b }\n`)).toThrow(
      /spend\.amount: expected a value/,
    );
    expect(() => parse(`${base}leads_file: x\n`)).toThrow(/leads_file: expected a known key/);
    expect(() => parse("source: [\n")).toThrow(/scoring\.yml: not valid YAML/);
  });

  it("resolves relative paths against the config's folder and accepts bare numbers as tokens", () => {
    const c = parse(
      `${base}outcome: { file: ../deals.csv, lead_id: id, outcome: { column: Converted, won: [1], lost: [0] } }\n`,
    ).config;
    expect(c.leads.file).toBe("/data/exports/leads.csv");
    expect((c.outcome as { file: string }).file).toBe("/data/deals.csv");
  });

  it("loads from disk and fills preset placeholders", () => {
    const dir = tempDir();
    const path = writeSource(dir, {}, { source: "s", leads: { file: "sub/l.csv", id: "id" } });
    expect(loadConfig(path).config.leads.file).toBe(join(dir, "sub/l.csv"));
    expect(() => loadConfig(join(dir, "none.yml"))).toThrow(/Cannot read the config .*none\.yml: no such file/);
    const olist = loadPreset("olist", { dir: join(SHARED, "olist-marketing-funnel") });
    expect(olist.config.leads.file).toBe(
      join(SHARED, "olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv"),
    );
    expect(() => loadPreset("olist", {})).toThrow(/The olist preset needs --dir/);
    expect(() => loadPreset("hubspot", {})).toThrow(/Unknown preset "hubspot"/);
  });
});
