/**
 * A tiny static file server for the e2e tests and the demo: no dependencies,
 * 127.0.0.1 only, a random free port. Each mount maps a URL prefix to a folder.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** URL prefix (e.g. "/" or "/demo/") → absolute folder. */
export type Mounts = Record<string, string>;

export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234" (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

async function resolveFile(mounts: Mounts, urlPath: string): Promise<string | null> {
  // Longest prefix first, so "/demo/" wins over "/".
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    if (!urlPath.startsWith(prefix)) continue;
    const root = path.resolve(mounts[prefix]!);
    let file = path.resolve(root, '.' + path.sep + urlPath.slice(prefix.length));
    if (file !== root && !file.startsWith(root + path.sep)) return null; // path traversal
    try {
      const info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        await stat(file);
      }
      return file;
    } catch {
      continue;
    }
  }
  return null;
}

/** Starts serving `mounts` on 127.0.0.1 at a random port. */
export async function startStaticServer(mounts: Mounts): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      let urlPath: string;
      try {
        urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400).end('bad request');
        return;
      }
      const file = await resolveFile(mounts, urlPath);
      if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'cache-control': 'no-store',
          'content-length': body.length,
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(500).end('read error');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server: no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
