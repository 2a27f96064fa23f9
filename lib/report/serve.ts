import { createServer, type Server } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";
import { UserError } from "../errors/UserError.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".arrow": "application/vnd.apache.arrow.file",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/** A running preview server. */
export interface Preview {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves a built site on 127.0.0.1 only (never on the network: the pages hold customer aggregates).
 * Clean URLs work as Framework writes them: `/segments` serves `segments.html`.
 * Port 0 picks a free port.
 *
 * @example
 * const p = await serveReport("dist", 3000); // p.url → "http://127.0.0.1:3000/"
 */
export async function serveReport(dir: string, port = 3000): Promise<Preview> {
  const root = resolve(dir);
  if (!existsSync(join(root, "index.html"))) {
    throw new UserError(
      `No built report in ${dir} (index.html is missing). Run \`leadlens report build --out ${dir}\` first.`,
    );
  }
  const server = createServer((req, res) => {
    const refuse = (status: number, text: string) =>
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(text);
    // DNS rebinding: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches this server
    // from the victim's browser, same-origin to itself. Its requests carry `Host: evil.example`.
    if (!isLoopbackHost(req.headers.host))
      return refuse(403, "forbidden host (the preview answers only to 127.0.0.1, localhost or [::1])");
    const path = decodePath(req.url);
    if (path === undefined) return refuse(400, "bad request");
    const file = findFile(root, path);
    if (!file) return refuse(404, "not found");
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      fail(
        e.code === "EADDRINUSE"
          ? new UserError(
              `Port ${port} is already in use on 127.0.0.1; pass --port with another number (or 0 for any free port).`,
            )
          : e,
      ),
    );
    server.listen(port, "127.0.0.1", () => done());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    server,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        // Keep-alive connections from a browser would otherwise hold the server open.
        server.closeAllConnections();
      }),
  };
}

/** The names a loopback-only server is reached by, with or without a port. */
const LOOPBACK = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/** True for a Host header naming this machine's loopback; false for a missing or any other name. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK.test(host);
}

/** The request's decoded path, or undefined where the URL is malformed (`/%ff` is not UTF-8). */
function decodePath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? "/", "http://127.0.0.1").pathname);
  } catch {
    return undefined;
  }
}

/** Maps a URL path to a file inside `root`, refusing anything that would climb out of it. */
function findFile(root: string, path: string): string | undefined {
  const base = normalize(join(root, path));
  if (base !== root && !base.startsWith(root + sep)) return undefined;
  for (const candidate of [base, `${base}.html`, join(base, "index.html")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}
