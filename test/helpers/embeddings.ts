import fs from 'node:fs';
import path from 'node:path';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { sentenceModelInstalled } from '../../src/index/embeddings/embedder.js';
import { PROJECT_ROOT, tempDir, writeFile } from './temp-repo.js';

/**
 * Test support for hybrid search. vitest.config.ts switches the sentence model off for every process the tests start;
 * the tests of hybrid search switch it back on for theirs with `EMBEDDINGS_ON`.
 */

export const EMBEDDINGS_ON = { CLAUDE_MEMORY_EMBEDDINGS: 'on' } as const;
export const MODEL_INSTALLED = sentenceModelInstalled();

/**
 * The environment for an MCP server the real client starts: the SDK passes only a few variables on (PATH, HOME …),
 * so the switch is passed explicitly, as the test environment has it unless `on`.
 */
export function mcpServerEnv(on = false): Record<string, string> {
  return { ...getDefaultEnvironment(), CLAUDE_MEMORY_EMBEDDINGS: on ? 'on' : (process.env.CLAUDE_MEMORY_EMBEDDINGS ?? '') };
}

/** A note each, on unrelated subjects; `grandmother` shares no word with the paraphrase that should find it. */
export const MEANING_NOTES = {
  grandmother: {
    id: 'family-recipes-offline-g7m2',
    title: 'Grandmother recipe collection stays offline',
    body: 'Family recipes are kept in a local folder, never synced to the cloud.',
    tags: ['personal'],
  },
  session: {
    id: 'redis-session-ttl-r3d1',
    title: 'Redis session store TTL is 24 h',
    body: 'User sessions live in Redis with a 24 hour expiry; the TTL is refreshed on every request.',
    tags: ['redis', 'auth'],
  },
  pdf: {
    id: 'invoice-pdf-chromium-p4f5',
    title: 'Invoices are rendered to PDF with Chromium',
    body: 'The worker prints invoice HTML through headless Chromium; fonts are bundled in the image.',
    tags: ['pdf'],
  },
  release: {
    id: 'release-branch-deploys-d6e7',
    title: 'Deploys go through the release branch',
    body: 'Only the release branch deploys to production; hotfixes are cherry-picked onto it.',
    tags: ['deploy'],
  },
  migrations: {
    id: 'migrations-before-start-m8n9',
    title: 'Postgres migrations run before the app starts',
    body: 'The init container applies SQL migrations; the app refuses to start on a pending one.',
    tags: ['database'],
  },
  flags: {
    id: 'flags-server-side-f0g1',
    title: 'Feature flags are evaluated on the server',
    body: 'Unleash flags are resolved in the API and sent to the client as a map.',
    tags: ['flags'],
  },
  stripe: {
    id: 'stripe-webhooks-idempotent-s2t3',
    title: 'Stripe webhooks must be idempotent',
    body: 'Handlers record the event id and skip repeats, since Stripe retries deliveries.',
    tags: ['payments'],
  },
  // Close in meaning to `stripe` (cosine about 0.74), but no shared topic, tag, file or link.
  redelivery: {
    id: 'stripe-events-once-b5c6',
    title: 'Stripe events are handled once even when redelivered',
    body: 'Webhook handlers store the Stripe event id and skip an event they have seen, because Stripe retries deliveries.',
    tags: ['billing'],
  },
  crowdin: {
    id: 'crowdin-nightly-sync-c4d5',
    title: 'Translations are synced with Crowdin nightly',
    body: 'A nightly job pushes source strings and pulls translated messages.',
    tags: ['i18n'],
  },
  pnpm: {
    id: 'ci-pnpm-store-cache-p6q7',
    title: 'CI caches the pnpm store between runs',
    body: 'The pipeline restores the pnpm store keyed by the lockfile hash.',
    tags: ['ci'],
  },
  loki: {
    id: 'logs-loki-promtail-l8m9',
    title: 'Logs are shipped to Loki with Promtail',
    body: 'Every pod has a Promtail sidecar; logs are kept 30 days.',
    tags: ['observability'],
  },
} as const;

/** Asks for the grandmother note in other words: no word of it reaches the note by stem or prefix. */
export const PARAPHRASE = "where do we keep grandma's cooking instructions";

export function writeMeaningNotes(repo: string): void {
  for (const note of Object.values(MEANING_NOTES)) {
    writeFile(
      repo,
      `.claude-memory/notes/${note.tags[0]}/${note.id}.md`,
      `---\nid: ${note.id}\ntitle: ${note.title}\ntype: fact\ntopic: ${note.tags[0]}\ntags: [${note.tags.join(', ')}]\ncreated: 2026-06-14\nupdated: 2026-06-14\nstatus: active\n---\n${note.body}\n`,
    );
  }
}

/** Poll until `check` holds (the background run is a real process: its end is waited for, never timed). */
export async function eventually<T>(check: () => T | undefined | false, what: string, limitMs = 120_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A copy of this package installed beside node_modules whose sentence model packages are `missing` or `broken`
 * (present, resolvable, and throwing when loaded), to show that the loader degrades to lexical search. The built
 * files are copied (not linked) so that Node resolves packages from the copy; every other package is a link to the
 * real one. Returns the copy's CLI.
 */
export function installWithSentenceModel(state: 'missing' | 'broken'): { dir: string; cli: string } {
  const dir = tempDir('claude-memory-install-');
  fs.cpSync(path.join(PROJECT_ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(dir, 'package.json'));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const name of fs.readdirSync(path.join(PROJECT_ROOT, 'node_modules'))) {
    if (name !== '@energetic-ai') fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', name), path.join(modules, name));
  }
  if (state === 'broken') {
    for (const name of ['core', 'embeddings', 'model-embeddings-en']) {
      const pkg = path.join(modules, '@energetic-ai', name);
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: `@energetic-ai/${name}`, version: '0.2.0', main: 'index.js' }));
      fs.writeFileSync(path.join(pkg, 'index.js'), "throw new Error('this build of the package is damaged');\n");
    }
  }
  return { dir, cli: path.join(dir, 'dist', 'bin', 'claude-memory.cjs') };
}
