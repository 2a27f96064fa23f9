/**
 * The source config written beside the demo CSVs, in the contract of loaders/config/types.ts
 * (typed against it, so a key the contract does not define fails the type check).
 */
import { stringify } from "yaml";
import type { SourceConfig } from "../config/types.ts";
import { ATTRIBUTES, EXITS, STAGES } from "./truth.ts";

/** File names the demo writes, relative to its folder. */
export const FILES = {
  leads: "leads.csv",
  stageEvents: "stage_events.csv",
  outcomes: "outcomes.csv",
  spend: "spend.csv",
  config: "demo.yml",
  truth: "truth.json",
} as const;

/** The demo's source config; `asOf` is the window's end as an ISO date. */
export function demoConfig(asOf: string): SourceConfig {
  return {
    source: "demo",
    title: "Demo: synthetic leads with a known ground truth",
    as_of: asOf,
    currency: "USD",
    missing: [""],
    leads: { file: FILES.leads, id: "lead_id", created_at: "created_at", channel: "channel", campaign: "campaign" },
    attributes: ATTRIBUTES.map((a) => ({ name: a.name, role: a.role, type: a.type, description: a.description })),
    outcome: {
      file: FILES.outcomes,
      lead_id: "lead_id",
      outcome: "outcome",
      closed_at: "closed_at",
      amount: "amount",
      reason: "reason",
    },
    stages: {
      order: [...STAGES],
      exits: [...EXITS],
      long: { file: FILES.stageEvents, lead_id: "lead_id", stage: "stage", entered_at: "entered_at" },
      lead_stage_at_created: true,
    },
    spend: {
      file: FILES.spend,
      channel: "channel",
      period_start: "period_start",
      period_end: "period_end",
      amount: "amount",
    },
  };
}

/** The config as YAML, with a header saying where it came from. */
export function demoConfigYaml(asOf: string, seed: number, leads: number): string {
  return (
    `# leadlens demo source: synthetic leads drawn from a stated ground truth (see truth.json and docs/demo.md).\n` +
    `# Generated with --leads ${leads} --seed ${seed}. Paths are relative to this file.\n` +
    stringify(demoConfig(asOf), { lineWidth: 0 })
  );
}
