import { createReadStream, existsSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

const WEB_ROOT = path.resolve(__dirname, '..', '..', '..', 'dist', 'web');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

export interface StaticFront {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves dist/web and passes /api to the API, same origin, as the API itself does once it serves the
 * web app: unknown non-API paths answer index.html (deep links).
 */
export function startStaticFront(apiURL: string): Promise<StaticFront> {
  const api = new URL(apiURL);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      const upstream = http.request(
        {
          host: api.hostname,
          port: api.port,
          path: url,
          method: req.method,
          headers: { ...req.headers, host: api.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const pathname = decodeURIComponent(url.split('?')[0]);
    let file = path.join(WEB_ROOT, pathname);
    if (!file.startsWith(WEB_ROOT) || !existsSync(file) || statSync(file).isDirectory())
      file = path.join(WEB_ROOT, 'index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self' " +
        "'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}
