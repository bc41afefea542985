import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isInside } from '../../core/paths.js';
import { CONTENT_SECURITY_POLICY } from './html.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
};

/**
 * Serve the generated site on the loopback interface only, read-only, files of the site folder only (no listing,
 * no path out of it), with the same Content-Security-Policy as the pages' meta tag.
 */
export function serveSite(dir: string, port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const root = fs.realpathSync(dir);
  const server = http.createServer((req, res) => {
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.resolve(root, `.${pathname}`);
    if (!isInside(root, file) || pathname.includes('\0')) return send(404, 'not found');
    try {
      const real = fs.realpathSync(file);
      if (!isInside(root, real) || !fs.statSync(real).isFile()) return send(404, 'not found');
      send(200, fs.readFileSync(real), TYPES[path.extname(real)] ?? 'application/octet-stream');
    } catch {
      send(404, 'not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
