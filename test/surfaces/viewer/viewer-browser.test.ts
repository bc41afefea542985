import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../../helpers/browser.js';
import { CLI, runCliSync, tempDir } from '../../helpers/temp-repo.js';
import { HOSTILE_TITLE, viewerRepo } from './viewer-repo.js';

// Callbacks passed to page.evaluate run in the browser; the project compiles with Node's types only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const location: any;
declare const Image: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The generated site in real headless Chromium: rendering, search by URL against the CLI, hostile notes, a screenshot. */

const skip = chromiumSkipReason();
let root: string;
let site: string;
let browser: Browser;

/** A page of the site by file URL; a query string stays a query string. */
const url = (rel: string) => {
  const [file = '', query] = rel.split('?', 2);
  return `${pathToFileURL(path.join(site, file)).href}${query === undefined ? '' : `?${query}`}`;
};

interface Hit {
  id: string;
  title: string;
}

async function open(rel: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(url(rel));
  return page;
}

/** The ids of the hits the page lists for a query given in its URL, best first. */
async function pageHits(query: string, all = false): Promise<string[]> {
  const page = await open(`index.html?q=${encodeURIComponent(query)}${all ? '&all=1' : ''}`);
  await page.waitForFunction(() => !document.getElementById('results')!.hidden);
  const hrefs = await page.$$eval('#results-list li > a', (links) => links.map((link) => link.getAttribute('href') ?? ''));
  await page.close();
  return hrefs.map((href) => path.basename(href, '.html'));
}

describe.skipIf(skip)('claude-memory view in Chromium', () => {
  beforeAll(async () => {
    root = viewerRepo();
    site = path.join(tempDir(), 'site');
    const built = runCliSync(root, ['view', '--out', site]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain(`open ${pathToFileURL(path.join(site, 'index.html')).href}`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the overview, topics and notes with provenance, history, superseded and stale marks, and links between notes', async () => {
    const index = await open('index.html');
    expect(await index.textContent('h1')).toBe('Project memory');
    expect(await index.textContent('main .lead')).toMatch(/^45 active notes in 9 topics, 2 may be stale; 1 superseded or archived, kept for history\.$/);
    await index.click('ul.topics a:text-is("billing")');
    expect(await index.textContent('h1')).toBe('billing');
    expect(await index.$$eval('ul.notes a', (links) => links.map((link) => link.textContent))).toEqual([
      'Invoices round half-even',
      'Ledger amounts are floats',
    ]);
    await index.click('a:text-is("Ledger amounts are floats")');
    expect(await index.textContent('.banner.superseded')).toMatch(/^Superseded by Invoices round half-even/);
    await index.click('.banner.superseded a');
    expect(await index.textContent('h1')).toBe('Invoices round half-even');
    await index.close();

    const jwt = await open('notes/jwt-rs256.html');
    expect(await jwt.textContent('.body')).toContain('public key only, fetched from JWKS');
    expect(await jwt.$$eval('ol.history li', (items) => items.map((item) => item.textContent!.replace(/^\S+ \S+ /, '')))).toEqual([
      'changed by Test User: auth: JWKS; drop legacy cron',
      'added by Test User: memory: first notes',
    ]);
    expect(await jwt.textContent('.provenance > p')).toMatch(/^Last commit [0-9a-f]{10} by Test User on \d{4}-\d{2}-\d{2}\.$/);
    await jwt.click('.body a:text-is("the gateway note")');
    expect(await jwt.textContent('h1')).toBe('Gateway verifies tokens with the public key');
    await jwt.close();

    const cron = await open('notes/legacy-cron.html');
    expect(await cron.textContent('.banner.stale')).toContain('src/legacy.ts was deleted');
    await cron.close();
  });

  it('a search in the URL lists the notes in the order `claude-memory search` ranks them', async () => {
    for (const query of [
      'ledger rounding',
      'tokens public key',
      'cron',
      'invoice',
      'queue retry',
      'webhook signature refund',
      'migr',
      'tenant quota budget alert',
    ]) {
      const cli = JSON.parse(runCliSync(root, ['search', query, '--json', '--limit', '10']).stdout) as Hit[];
      expect(cli.length, query).toBeGreaterThan(0);
      expect((await pageHits(query)).slice(0, 10), query).toEqual(cli.map((hit) => hit.id));
    }
    const all = JSON.parse(runCliSync(root, ['search', 'ledger floats', '--json', '--all']).stdout) as Hit[];
    expect(all.map((hit) => hit.id)).toContain('ledger-floats');
    expect((await pageHits('ledger floats', true)).slice(0, all.length)).toEqual(all.map((hit) => hit.id));
    expect(await pageHits('ledger floats')).not.toContain('ledger-floats');
  });

  it('typing a search updates the URL, so the search can be linked to', async () => {
    const page = await open('index.html');
    await page.fill('form.search input[name="q"]', 'gateway public');
    await page.waitForFunction(() => location.search === '?q=gateway%20public');
    expect(await page.textContent('#results-title')).toMatch(/notes? for “gateway public”, best first/);
    await page.close();
  });

  it('hostile note content runs nothing, navigates nowhere and stays text', async () => {
    const events: string[] = [];
    for (const rel of ['notes/hostile-note.html', 'index.html?q=zanzibarquux', 'topics/hostile.html']) {
      const page = await browser.newPage();
      page.on('dialog', (dialog) => {
        events.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('popup', () => events.push('popup'));
      await page.goto(url(rel));
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), rel).toBeUndefined();
      expect(page.url()).toBe(url(rel));
      const main = await page.$eval('main', (element) => ({
        dangerous: element.querySelectorAll('script, iframe, object, embed, svg, form, style, meta, img, link, base').length,
        handlers: [...element.querySelectorAll('*')].flatMap((node) =>
          [...node.attributes].filter((attribute) => /^on/i.test(attribute.name) || attribute.name === 'style').map((attribute) => attribute.name),
        ),
        urls: [...element.querySelectorAll('[href], [src], [action]')]
          .map((node) => node.getAttribute('href') ?? node.getAttribute('src') ?? node.getAttribute('action') ?? '')
          .filter((value) => /^\s*(javascript|data|vbscript):/i.test(value)),
      }));
      expect(main, rel).toEqual({ dangerous: 0, handlers: [], urls: [] });
      if (rel.startsWith('notes/')) {
        expect(await page.textContent('h1')).toBe(HOSTILE_TITLE);
        expect(await page.isVisible('text=Unique marker word')).toBe(true);
        await page.click('text=click me');
        expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
        expect(page.url()).toBe(url(rel));
        // The second line of defence holds on its own: the CSP refuses inline script even if markup got through.
        const inline = await page.evaluate(() => {
          const script = document.createElement('script');
          script.textContent = 'window.__inline = 1';
          document.body.append(script);
          return (window as unknown as { __inline?: unknown }).__inline;
        });
        expect(inline).toBeUndefined();
      } else if (rel.startsWith('index')) {
        expect(await page.textContent('#results-list li > a')).toBe(HOSTILE_TITLE);
      }
      await page.close();
    }
    expect(events).toEqual([]);
  });

  it('renders visibly: a screenshot of a search has the expected text on a non-blank page', async () => {
    const page = await open('index.html?q=invoice%20ledger');
    await page.waitForSelector('#results-list li');
    expect(await page.isVisible('#results-list >> text=Invoices round half-even')).toBe(true);
    const png = path.join(tempDir('claude-memory-shot-'), 'viewer-search.png');
    await page.screenshot({ path: png });
    await page.close();
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(20_000);
    // Decode the PNG in the browser itself and count the pixels that are not page background.
    const canvas = await browser.newPage();
    const pixels = await canvas.evaluate(
      async (dataUrl) => {
        const image = new Image();
        image.src = dataUrl;
        await image.decode();
        const board = document.createElement('canvas');
        board.width = image.width;
        board.height = image.height;
        const context = board.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, board.width, board.height).data;
        const colours = new Set<number>();
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) {
          const colour = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
          colours.add(colour);
          if (colour !== 0xffffff) inked++;
        }
        return { width: board.width, height: board.height, inked: inked / (data.length / 4), colours: colours.size };
      },
      `data:image/png;base64,${bytes.toString('base64')}`,
    );
    await canvas.close();
    expect(pixels.width).toBe(1100);
    expect(pixels.height).toBe(900);
    expect(pixels.inked).toBeGreaterThan(0.03);
    expect(pixels.colours).toBeGreaterThan(30);
  });

  it('--serve serves the site on loopback only, with the CSP header and nothing outside the folder', async () => {
    const out = path.join(tempDir(), 'served');
    const child = spawn(process.execPath, [CLI, 'view', '--out', out, '--serve', '--no-history'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const match = /serving on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`view --serve exited ${code}: ${text}`)));
      });
      const get = (rel: string) =>
        new Promise<{ status: number; csp: string | undefined }>((resolve, reject) =>
          http
            .get(new URL(rel, address), (res) => {
              res.resume();
              resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined });
            })
            .on('error', reject),
        );
      expect(await get('index.html')).toEqual({ status: 200, csp: expect.stringContaining("script-src 'self'") });
      expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
      expect((await get('/../package.json')).status).toBe(404);
      const page = await browser.newPage();
      await page.goto(`${address}index.html?q=cron`);
      await page.waitForSelector('#results-list li');
      expect(await page.textContent('#results-list li > a')).toBe('Nightly cron lives in legacy.ts');
      await page.close();
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));
    expect(code).toBe(0);
  });
});
