import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../helpers/prng.js';
import { git, tempRepo, writeFile } from '../../helpers/temp-repo.js';

/**
 * A repository whose memory has every case the viewer must show: linked notes, a note with two commits of
 * history, a superseded note, a note made stale by a deleted file, a hostile note, and seeded filler notes so
 * that searches rank many candidates.
 */

export const HOSTILE_BODY = [
  'Payloads that must stay inert:',
  '<script>window.__pwned = "script"</script>',
  '<img src="x" onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned="link")',
  '[vb](vbscript:msgbox)',
  '<a href="data:text/html,<script>parent.__pwned=1</script>">data link</a>',
  '<svg onload="window.__pwned = \'svg\'"><script>window.__pwned = "svg-script"</script></svg>',
  '<iframe srcdoc="<script>parent.__pwned = \'iframe\'</script>"></iframe>',
  '<meta http-equiv="refresh" content="0;url=https://example.invalid/">',
  '<form action="https://example.invalid/"><button>go</button></form>',
  '<style>body { display: none }</style>',
  '<object data="javascript:window.__pwned=\'object\'"></object>',
  '<javascript:window.__pwned="autolink">',
  '![pixel](https://example.invalid/track.png)',
  '<div onclick="window.__pwned=\'div\'" style="position:fixed;inset:0">cover</div>',
  '',
  'Unique marker word: zanzibarquux.',
].join('\n\n');

export const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=\'title\'">Hostile note';

const yaml = (value: string | string[]) => JSON.stringify(value);

function note(root: string, topic: string, id: string, fields: Record<string, string | string[]>, body: string): string {
  const front = Object.entries({ id, ...fields, topic }).map(([key, value]) => `${key}: ${yaml(value)}`);
  const rel = `.claude-memory/notes/${topic}/${id}.md`;
  writeFile(root, rel, `---\n${front.join('\n')}\n---\n${body}\n`);
  return rel;
}

const WORDS =
  'cache queue retry ledger invoice token session gateway schema migration index shard deploy rollback metric alert budget quota tenant webhook signature refund export import cursor batch'.split(
    ' ',
  );

export function viewerRepo(): string {
  const root = tempRepo({ initMemory: true });
  writeFile(root, 'src/legacy.ts', 'export const cron = "0 3 * * *";\n');
  writeFile(root, 'services/auth/jwt.ts', 'export const alg = "RS256";\n');
  note(
    root,
    'auth',
    'jwt-rs256',
    { title: 'Auth service signs JWTs with RS256', type: 'decision', files: ['services/auth/jwt.ts'], created: '2026-01-10', tags: ['auth', 'jwt'] },
    'The gateway verifies with the public key only; see [the gateway note](../gateway/gateway-verifies.md).',
  );
  note(
    root,
    'gateway',
    'gateway-verifies',
    { title: 'Gateway verifies tokens with the public key', type: 'fact', created: '2026-01-11' },
    'No shared secret is configured on the gateway.',
  );
  note(
    root,
    'billing',
    'invoices-half-even',
    { title: 'Invoices round half-even', type: 'decision', created: '2026-02-01', supersedes: ['ledger-floats'] },
    'Banker’s rounding matches the ledger.',
  );
  note(
    root,
    'billing',
    'ledger-floats',
    { title: 'Ledger amounts are floats', type: 'decision', created: '2025-12-01', status: 'superseded', supersededBy: 'invoices-half-even' },
    'Amounts were stored as floating point numbers in the ledger.',
  );
  note(
    root,
    'legacy',
    'legacy-cron',
    { title: 'Nightly cron lives in legacy.ts', type: 'fact', files: ['src/legacy.ts'], created: '2026-01-05' },
    'The cron expression is in src/legacy.ts.',
  );
  note(
    root,
    'hostile',
    'hostile-note',
    { title: HOSTILE_TITLE, type: 'gotcha', tags: ['"><script>window.__pwned="tag"</script>'], files: ['<b>bold</b>.ts'], created: '2026-03-01' },
    HOSTILE_BODY,
  );
  const random = mulberry32(1411);
  for (let i = 0; i < 40; i++) {
    const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
    const title = `${pick()} ${pick()} ${pick()} note ${i}`;
    const body = Array.from({ length: 12 + Math.floor(random() * 20) }, pick).join(' ');
    note(root, `area-${i % 4}`, `filler-${i}`, { title, type: 'fact', created: `2026-02-${String((i % 27) + 1).padStart(2, '0')}` }, `${body}.`);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'memory: first notes');
  const jwt = path.join(root, '.claude-memory/notes/auth/jwt-rs256.md');
  fs.writeFileSync(jwt, fs.readFileSync(jwt, 'utf8').replace('public key only', 'public key only, fetched from JWKS'));
  fs.rmSync(path.join(root, 'src/legacy.ts'));
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'auth: JWKS; drop legacy cron');
  return root;
}
