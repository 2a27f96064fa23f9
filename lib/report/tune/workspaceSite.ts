import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleBrowserLib } from "../bundleLib.ts";
import { PROJECT_DIR } from "../paths.ts";
import { serveReport, type Preview } from "../serve.ts";
import type { WorkspaceData } from "./workspaceStats.ts";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>leadlens tune: private workspace</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; max-width: 1200px; color: #222; }
.note { color: #555; max-width: 70ch; }
#ws-layout { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(420px, 1.2fr); gap: 1.5rem; align-items: start; }
#ws-figures { position: sticky; top: 0.5rem; }
fieldset { border: 1px solid #ccc; margin: 0 0 0.8rem; }
label.level { display: grid; grid-template-columns: 12rem 1fr 5rem; gap: 0.5rem; align-items: center; }
label.level span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table { border-collapse: collapse; margin-bottom: 1rem; }
th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
a.button { display: inline-block; margin-right: 1rem; padding: 4px 10px; border: 1px solid #888; border-radius: 4px; text-decoration: none; color: inherit; }
</style></head>
<body>
<h1>Tune weights: private workspace</h1>
<p class="note" id="ws-scope"></p>
<p class="note">Served from this machine only (127.0.0.1) out of a temporary folder removed when <code>leadlens tune</code> stops; nothing here is part of the published report.</p>
<p><a class="button" id="ws-export-points">Export points table (CSV)</a><a class="button" id="ws-export-thresholds">Export thresholds (JSON)</a></p>
<div id="ws-layout">
<div><h2>Thresholds</h2><div id="ws-thresholds"></div><h2>Points per level</h2><div id="ws-points"></div></div>
<div id="ws-figures"><h2>Figures</h2><div id="ws-summary">Loading…</div></div>
</div>
<script type="module" src="workspace.js"></script>
</body></html>
`;

/** A served workspace: its URL, the private folder it is served from, and how to stop it. */
export interface Workspace {
  url: string;
  dir: string;
  preview: Preview;
  /** Stops the server and removes the folder. */
  close(): Promise<void>;
}

/**
 * Writes the workspace (page, data, the page's code bundled with the lib/ functions it calls) into a
 * fresh private folder under the system temp folder (mode 0700, never the report's dist/: the data
 * holds every lead's pattern) and serves it on 127.0.0.1 with the report's preview server.
 */
export async function serveWorkspace(data: WorkspaceData, port = 0): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), "leadlens-tune-"));
  try {
    writeFileSync(join(dir, "index.html"), PAGE);
    writeFileSync(join(dir, "data.json"), JSON.stringify(data));
    await bundleBrowserLib(join(dir, "workspace.js"), join(PROJECT_DIR, "lib", "report", "tune", "workspacePage.ts"));
    const preview = await serveReport(dir, port);
    return {
      url: preview.url,
      dir,
      preview,
      close: async () => {
        await preview.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
