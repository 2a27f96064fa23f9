import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { openStore, all, type Store } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { snapshot, tempDir, writeSource } from "./helpers.ts";

/** A small good source; each case below breaks one thing. */
function base() {
  const files: Record<string, string | Buffer> = {
    "leads.csv":
      "id,created,channel,industry,visits,email_ok,status,closed\n" +
      "L1,2024-01-05,Google,retail,3,yes,won,2024-02-01\n" +
      "L2,2024-01-06,google,health,5,no,lost,2024-03-01\n" +
      "L3,2024-01-07,email,retail,,yes,,\n",
    "stages.csv": "lead,stage,date\nL1,mql,2024-01-10\nL2,mql,2024-01-11\n",
    "spend.csv": "channel,start,end,amount\ngoogle,2024-01-01,2024-01-31,100\nemail,2024-01-01,2024-01-31,50\n",
  };
  const config: Record<string, any> = {
    source: "test",
    leads: {
      file: "leads.csv",
      id: "id",
      created_at: "created",
      channel: { column: "channel", normalize: { case: "lower" } },
    },
    attributes: [
      { name: "industry", role: "fit.firmographic" },
      { name: "visits", role: "intent.behavioral", type: "numeric" },
      { name: "email_ok", role: "fit.psychographic", type: "boolean" },
    ],
    outcome: { column: "status", won: ["won"], lost: ["lost"], closed_at: "closed" },
    stages: { long: { file: "stages.csv", lead_id: "lead", stage: "stage", entered_at: "date" } },
    spend: { file: "spend.csv", channel: "channel", period_start: "start", period_end: "end", amount: "amount" },
  };
  return { files, config };
}

type Source = ReturnType<typeof base>;
interface Case {
  name: string;
  change: (s: Source) => void;
  /** A whole-file problem: the message, and the database must be unchanged. */
  error?: RegExp;
  /** Row problems: each expected (reason, column, source_row) in rejects. */
  rejects?: Array<{ reason: string; column?: string; source_row?: number }>;
  /** Loaded rows with a note in quality_flags. */
  flags?: RegExp;
  /** Expected counts of the failing run. */
  counts?: { read: number; rejected: number };
}

const addLead = (s: Source, line: string) => (s.files["leads.csv"] += `${line}\n`);
/** A named pipe nobody writes to: opening it for reading would wait for ever. */
const fifo = () => {
  const path = join(tempDir(), "leads.fifo");
  execFileSync("mkfifo", [path]);
  return path;
};

const cases: Case[] = [
  {
    name: "missing leads file",
    change: (s) => (s.config.leads.file = "nope.csv"),
    error: /Cannot read .*nope\.csv \(leads\.file\): no such file/,
  },
  {
    name: "empty leads file",
    change: (s) => (s.files["leads.csv"] = ""),
    error: /leads\.csv \(leads\.file\) is empty/,
  },
  {
    name: "header only",
    change: (s) => (s.files["leads.csv"] = "id,created,channel,industry,visits,email_ok,status,closed\n"),
    error: /has a header but no data rows/,
  },
  {
    name: "missing id column",
    change: (s) => (s.files["leads.csv"] = s.files["leads.csv"].toString().replace("id,", "ident,")),
    error: /missing column "id" \(named by leads\.id .*found: "ident", "created"/,
  },
  {
    name: "wrong delimiter yields one column",
    change: (s) => {
      s.files["leads.csv"] = s.files["leads.csv"].toString().replaceAll(",", ";");
      s.config.leads.delimiter = ",";
    },
    error: /Only one column was found, so the delimiter is probably wrong: set leads\.delimiter/,
  },
  {
    name: "missing attribute column",
    change: (s) => (s.config.attributes[0].column = "Industry"),
    error: /missing column "Industry" \(named by attributes\[0\]\.column/,
  },
  {
    name: "bad role in config",
    change: (s) => (s.config.attributes[1].role = "fit.demo"),
    error: /source\.yml: attributes\[1\]\.role: expected one of id, fit\.demographic, .*got "fit\.demo"/,
  },
  {
    name: "typo in a config key",
    change: (s) => {
      s.config.atributes = s.config.attributes;
      delete s.config.attributes;
    },
    error: /atributes: expected a known key/,
  },
  {
    name: "config without leads.id",
    change: (s) => delete s.config.leads.id,
    error: /leads\.id: expected the lead id column \(stages\.long join on it by lead id\), got nothing \(row numbers\)/,
  },
  {
    name: "missing stages file",
    change: (s) => (s.config.stages.long.file = "none.csv"),
    error: /none\.csv \(stages\.long\.file\): no such file/,
  },
  {
    name: "unterminated quote",
    change: (s) => addLead(s, 'L9,2024-01-09,"email,retail,1,yes,,'),
    error:
      /Cannot read .*leads\.csv \(leads\.file\) as CSV \(usual causes: an unterminated quote.*\): .*(quote|Line: 5)/,
  },
  {
    name: "a row with too many fields",
    change: (s) => addLead(s, "L9,2024-01-09,email,retail,1,yes,,,extra"),
    error:
      /Cannot read .*leads\.csv \(leads\.file\) as CSV .*CSV Error on Line: 5; Original Line: L9,.*; Expected Number of Columns: 8 Found: 9/,
  },
  {
    name: "wide stage not in the funnel",
    change: (s) => (s.config.stages.wide = { sqll: "closed" }),
    error: /stages\.wide\.sqll: expected a stage listed in stages\.order or stages\.exits/,
  },
  {
    name: "spend file missing its amount column",
    change: (s) => (s.files["spend.csv"] = "channel,start,end,cost\ngoogle,2024-01-01,2024-01-31,1\n"),
    error: /missing column "amount" \(named by spend\.amount/,
  },

  {
    name: "unparseable date",
    change: (s) => addLead(s, "L4,next week,email,retail,1,yes,,"),
    rejects: [{ reason: "unparseable date", column: "created", source_row: 4 }],
    counts: { read: 8, rejected: 1 },
  },
  {
    name: "unparseable number",
    change: (s) => addLead(s, "L4,2024-01-08,email,retail,many,yes,,"),
    rejects: [{ reason: "unparseable number", column: "visits", source_row: 4 }],
  },
  {
    name: "unrecognised yes/no",
    change: (s) => addLead(s, "L4,2024-01-08,email,retail,1,maybe,,"),
    rejects: [{ reason: "unrecognised yes/no value", column: "email_ok", source_row: 4 }],
  },
  {
    name: "missing lead id",
    change: (s) => addLead(s, " ,2024-01-08,email,retail,1,yes,,"),
    rejects: [{ reason: "missing lead id", column: "id", source_row: 4 }],
  },
  {
    name: "duplicate id with conflicting values",
    change: (s) => addLead(s, "L3,2024-01-07,email,health,,yes,,"),
    rejects: [
      { reason: "duplicate id with conflicting values", source_row: 3 },
      { reason: "duplicate id with conflicting values", source_row: 4 },
    ],
    counts: { read: 8, rejected: 2 },
  },
  {
    name: "exact duplicate collapses (loaded, flagged)",
    change: (s) => addLead(s, "L3,2024-01-07,email,retail,,yes,,"),
    rejects: [],
    flags: /exact duplicate of row 3/,
    counts: { read: 8, rejected: 0 },
  },
  {
    name: "outcome before creation (reject)",
    change: (s) => addLead(s, "L4,2024-05-01,email,retail,1,yes,won,2024-04-01"),
    rejects: [{ reason: "outcome before creation", column: "closed", source_row: 4 }],
  },
  {
    name: "outcome before creation (flag)",
    change: (s) => {
      addLead(s, "L4,2024-05-01,email,retail,1,yes,won,2024-04-01");
      s.config.checks = { outcome_before_created: "flag" };
    },
    rejects: [],
    flags: /outcome before creation/,
  },
  {
    name: "outcome value not recognised",
    change: (s) => addLead(s, "L4,2024-01-08,email,retail,1,yes,maybe,"),
    rejects: [{ reason: "outcome value not recognised", column: "status", source_row: 4 }],
  },
  {
    name: "negative spend",
    change: (s) => (s.files["spend.csv"] += "email,2024-02-01,2024-02-29,-5\n"),
    rejects: [{ reason: "negative spend", column: "amount", source_row: 3 }],
  },
  {
    name: "spend period ends before it starts",
    change: (s) => (s.files["spend.csv"] += "email,2024-02-29,2024-02-01,5\n"),
    rejects: [{ reason: "period ends before it starts", column: "end", source_row: 3 }],
  },
  {
    name: "unknown stage",
    change: (s) => (s.files["stages.csv"] += "L1,qualified,2024-01-12\n"),
    rejects: [{ reason: "unknown stage", column: "stage", source_row: 3 }],
  },
  {
    name: "stage row for a lead that does not exist",
    change: (s) => (s.files["stages.csv"] += "L77,mql,2024-01-12\n"),
    rejects: [{ reason: "lead id not found in leads", column: "lead", source_row: 3 }],
  },
  {
    name: "stage row for a rejected lead",
    change: (s) => {
      addLead(s, "L4,bad date,email,retail,1,yes,,");
      s.files["stages.csv"] += "L4,mql,2024-01-12\n";
    },
    rejects: [
      { reason: "unparseable date", source_row: 4 },
      { reason: "lead rejected in the leads file", column: "lead", source_row: 3 },
    ],
  },
  {
    name: "stage before creation (reject)",
    change: (s) => (s.files["stages.csv"] += "L3,mql,2023-12-01\n"),
    rejects: [{ reason: "stage before creation", column: "date", source_row: 3 }],
  },
  {
    name: "dd/mm/yyyy date without the format",
    change: (s) => addLead(s, "L4,25/01/2024,email,retail,1,yes,,"),
    rejects: [{ reason: "unparseable date", column: "created", source_row: 4 }],
  },
  {
    name: "dd/mm/yyyy date with the format loads",
    change: (s) => {
      addLead(s, "L4,25/01/2024,email,retail,1,yes,,");
      s.config.date_format = ["%Y-%m-%d", "%d/%m/%Y"];
    },
    rejects: [],
  },
  // issue 12, item 17: values that parse but are no number or date
  {
    name: "non-finite numbers",
    change: (s) => {
      addLead(s, "L4,2024-01-08,email,retail,1e309,yes,,");
      addLead(s, "L5,2024-01-08,email,retail,NaN,yes,,");
      addLead(s, "L6,2024-01-08,email,retail,-Infinity,yes,,");
      s.files["spend.csv"] += "email,2024-02-01,2024-02-29,Infinity\n";
    },
    rejects: [
      { reason: "not a finite number", column: "visits", source_row: 4 },
      { reason: "not a finite number", column: "visits", source_row: 5 },
      { reason: "not a finite number", column: "visits", source_row: 6 },
      { reason: "not a finite number", column: "amount", source_row: 3 },
    ],
    counts: { read: 11, rejected: 4 },
  },
  {
    name: "date words",
    change: (s) => {
      addLead(s, "L4,epoch,email,retail,1,yes,,");
      addLead(s, "L5,infinity,email,retail,1,yes,,");
      addLead(s, "L6,2024-01-08,email,retail,1,yes,won,-infinity");
      s.files["stages.csv"] += "L1,sql,infinity\n";
    },
    rejects: [
      { reason: "date word, not a date", column: "created", source_row: 4 },
      { reason: "date word, not a date", column: "created", source_row: 5 },
      { reason: "date word, not a date", column: "closed", source_row: 6 },
      { reason: "date word, not a date", column: "date", source_row: 3 },
    ],
    counts: { read: 11, rejected: 4 },
  },
  {
    name: "dates out of range",
    change: (s) => {
      addLead(s, "L4,0001-01-01,email,retail,1,yes,,");
      addLead(s, "L5,2024-01-08,email,retail,1,yes,won,9999-12-31");
      s.files["spend.csv"] += "email,1899-12-31,2024-02-29,5\n";
    },
    rejects: [
      { reason: "date out of range (before 1900-01-01 or from 2100)", column: "created", source_row: 4 },
      { reason: "date out of range (before 1900-01-01 or from 2100)", column: "closed", source_row: 5 },
      { reason: "date out of range (before 1900-01-01 or from 2100)", column: "start", source_row: 3 },
    ],
    counts: { read: 10, rejected: 3 },
  },
  // item 18: one bad value rejects its row, not the file
  {
    name: "a value starting with U+FEFF",
    change: (s) => {
      addLead(s, "L4,2024-01-08,email,\uFEFFretail,1,yes,,");
      addLead(s, "\uFEFFL5,2024-01-08,email,retail,1,yes,,");
      s.files["stages.csv"] += "L5,mql,2024-01-12\n";
    },
    rejects: [
      { reason: "value starts with U+FEFF (a byte-order mark inside the file)", column: "industry", source_row: 4 },
      { reason: "value starts with U+FEFF (a byte-order mark inside the file)", column: "id", source_row: 5 },
      { reason: "lead id not found in leads", column: "lead", source_row: 3 },
    ],
    counts: { read: 10, rejected: 3 },
  },
  {
    name: "a value holding a NUL byte",
    change: (s) => {
      addLead(s, "L4,2024-01-08,email,re\0tail,1,yes,,");
      addLead(s, "L5,2024-01-08,goo\0gle,retail,1,yes,,");
      s.files["spend.csv"] += "email,2024-02-01,2024-02-29,5\0\n";
    },
    rejects: [
      { reason: "value holds a NUL byte", column: "industry", source_row: 4 },
      { reason: "value holds a NUL byte", column: "channel", source_row: 5 },
      { reason: "value holds a NUL byte", column: "amount", source_row: 3 },
    ],
    counts: { read: 10, rejected: 3 },
  },
  {
    name: "a NUL byte in the header",
    change: (s) => (s.files["leads.csv"] = s.files["leads.csv"].toString().replace("industry", "indu\0stry")),
    error: /leads\.csv \(leads\.file\): the header line holds a NUL byte: expected column names/,
  },
  // item 19: not a regular file, refused before anything reads it (a pipe or /dev/zero would hang)
  {
    name: "a named pipe as leads file",
    change: (s) => (s.config.leads.file = fifo()),
    error: /\.fifo \(leads\.file\) is a named pipe: expected a regular file/,
  },
  {
    name: "/dev/zero as spend file",
    change: (s) => (s.config.spend.file = "/dev/zero"),
    error: /^\/dev\/zero \(spend\.file\) is a character device: expected a regular file/,
  },
  {
    name: "a directory as leads file",
    change: (s) => (s.config.leads.file = tempDir()),
    error: /\(leads\.file\) is a directory: expected a regular file/,
  },
  {
    name: "BOM and CRLF load",
    change: (s) =>
      (s.files["leads.csv"] = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(s.files["leads.csv"].toString().replaceAll("\n", "\r\n")),
      ])),
    rejects: [],
    counts: { read: 7, rejected: 0 },
  },
];

/** A store with an earlier, different source already loaded, so "unchanged" means something. */
async function seeded(dir: string): Promise<Store> {
  const store = await openStore(join(dir, "db.duckdb"));
  const b = base();
  b.config.source = "earlier";
  b.files["leads.csv"] = b.files["leads.csv"].toString().replaceAll("L", "E");
  b.files["stages.csv"] = b.files["stages.csv"].toString().replaceAll("L", "E");
  const r = await ingest(store.conn, loadConfig(writeSource(join(dir, "earlier"), b.files, b.config)));
  expect(r.rows_rejected).toBe(0);
  return store;
}

describe("malformed inputs", () => {
  it("has at least 20 cases", () => expect(cases.length).toBeGreaterThanOrEqual(20));

  for (const c of cases) {
    it(c.name, async () => {
      const dir = tempDir();
      const store = await seeded(dir);
      try {
        const s = base();
        c.change(s);
        const before = await snapshot(store.conn);
        if (c.error) {
          const run = async () => ingest(store.conn, loadConfig(writeSource(join(dir, "case"), s.files, s.config)));
          await expect(run()).rejects.toMatchObject({ name: "UserError", message: expect.stringMatching(c.error) });
          expect(await snapshot(store.conn)).toEqual(before);
          return;
        }
        const r = await ingest(store.conn, loadConfig(writeSource(join(dir, "case"), s.files, s.config)));
        expect(r.rows_read).toBe(r.rows_loaded + r.rows_rejected);
        for (const f of r.files) expect(f.rows_read).toBe(f.rows_loaded + f.rows_rejected);
        if (c.counts) expect({ read: r.rows_read, rejected: r.rows_rejected }).toEqual(c.counts);
        const got = await all<{ reason: string; column: string; source_row: number }>(
          store.conn,
          'SELECT reason, "column", source_row FROM rejects WHERE run_id = $1',
          [r.run_id],
        );
        for (const want of c.rejects ?? []) expect(got).toContainEqual(expect.objectContaining(want));
        if (c.rejects?.length === 0) expect(got).toEqual([]);
        const distinct = await all(
          store.conn,
          "SELECT DISTINCT source_file, source_row FROM rejects WHERE run_id = $1",
          [r.run_id],
        );
        expect(distinct.length).toBe(r.rows_rejected);
        if (c.flags) {
          const notes = await all<{ note: string }>(store.conn, "SELECT note FROM quality_flags WHERE run_id = $1", [
            r.run_id,
          ]);
          expect(notes.map((n) => n.note).join("\n")).toMatch(c.flags);
        }
        // the earlier source is untouched by this one
        expect(await all(store.conn, "SELECT count(*) AS n FROM leads WHERE source = 'earlier'")).toEqual([{ n: 3 }]);
      } finally {
        await store.close();
      }
    });
  }
});
