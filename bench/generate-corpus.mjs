#!/usr/bin/env node
// Synthetic corpus generator for the speed benchmarks.
//
//   node bench/generate-corpus.mjs --notes 10000 --out DIR [--seed 42]
//
// Writes DIR/.claude-memory/notes/<topic>/<id>.md (DIR is created; no `git init`). The output is a pure function of
// (notes, seed): a small seeded PRNG drives everything, Math.random and the clock are never used.
//
// Shapes follow the labelled retrieval set in bench/data/retrieval: about 40 topics, titles of 4-10 words, bodies of
// 20-120 words, 1-4 tags, 0-3 files, dates in 2026, the same mix of note types, ~5% superseded notes (each with a
// newer note in the same topic that lists it in `supersedes`) and ~3% archived. Words come from a vocabulary of several
// thousand developer terms (English words, tool names, camelCase and snake_case identifiers, env vars, error codes,
// scripts, repository paths), drawn with a Zipf-like skew and a per-topic bias, so the term dictionary of an index
// built over the corpus looks like a real one rather than 50 repeated words.
//
// Also importable: `import { generateCorpus } from './generate-corpus.mjs'`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// ---------------------------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: tiny, fast, good enough for synthetic data. Returns floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRandom(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (arr) => arr[int(arr.length)],
    /** Zipf-like (log-uniform rank): rank 0 is the most frequent; ~1/rank frequencies. */
    zipf: (arr) => arr[Math.min(arr.length - 1, Math.floor(Math.exp(next() * Math.log(arr.length + 1))) - 1)],
    weighted(table) {
      let r = next() * table.total;
      for (const [value, w] of table.items) {
        r -= w;
        if (r < 0) return value;
      }
      return table.items[table.items.length - 1][0];
    },
  };
}

const weights = (obj) => {
  const items = Object.entries(obj);
  return { items, total: items.reduce((s, [, w]) => s + w, 0) };
};

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const words = (s) => s.trim().split(/\s+/);

const TOPICS = words(`
  auth api billing payments database queue web infra ci deploy observability i18n feature-flags testing email pdf tax
  security cache tooling webhooks search reporting exports imports onboarding notifications scheduler admin sdk cli
  gateway storage backups compliance accessibility design-system performance mobile analytics
`);


const DETERMINERS = words('the the the the a a our our this each every no some that its their');
const PREPOSITIONS = words('in in on for for with with after before from to to via during without per into by over under behind');
const CONJUNCTIONS = words('because because so when when but and and while then unless until although since');
const MODALS = words('must should should can cannot will would may never always');

const NOUNS = words(`
  account address adapter alert allocation annotation archive argument artifact attachment attempt audit backend
  backoff backup balance bandwidth batch benchmark binary bucket buffer bug build bundle callback canary certificate
  changelog channel charge checkout checksum chunk client cluster column commit component config connection constraint
  consumer container context contract controller cookie coverage credential cron currency cursor customer dashboard
  database dataset deadline deadlock decoder default dependency deploy deployment diff digest directory discount
  dispatcher domain draft driver duration editor email encoder endpoint entity error event exception export extension
  factory failover fallback feature fetch field file filter fixture flag font footer form format fragment framework
  function gateway generator handler hash header heap hook host identifier image import index ingress input instance
  integration interval invoice issuer job journal key keystore label latency layer layout lease library limit line
  link linter listener loader locale lock log logger lookup manifest mapper margin memory merge message metadata
  method metric middleware migration mock model module monitor mutation namespace network node notification nonce
  offset operator option order origin output owner package page pagination parameter parser partition patch path
  payload payment payout peer permission pipeline placeholder plan plugin pod policy pool port preview primary probe
  process producer profile provider proxy publisher query queue quota range rate reader receipt record redirect
  reference refund region registry release reminder replica report repository request resolver resource response
  retry revision role rollback rollout route router rule runner runtime sandbox scheduler schema scope script secret
  segment selector sequence serializer server service session shard signature snapshot socket source span spec stack
  stage state statement status storage store stream string subscription suite summary supplier switch symbol table
  tag target task template tenant test thread threshold throttle ticket timeout timer timestamp token topic trace
  transaction transform trigger tunnel type upload usage user validator value variable vendor version view volume
  warning webhook window worker workflow workspace org team member invite seat trial tax rate total subtotal amount
  price product catalog coupon credit debit ledger entry journal statement period quarter month week day hour minute
  second night weekend customer supplier contact phone country city zip street language translation string plural
`);

const VERBS = words(`
  add allow apply assert authenticate batch block bump cache call cancel check clean clear clone close collect commit
  compare compile compute configure connect convert copy create debounce decode decrypt delete deploy detect disable
  dispatch drain drop emit enable encode encrypt enqueue ensure escape evict expire export extract fail fetch filter
  finalize flush format generate get handle hash hydrate import index inject insert invalidate limit list load lock
  log map mark merge migrate mock mount normalize notify open parse patch pause persist ping poll prefetch process
  publish pull push queue read rebuild redact refresh register reject release reload remove render rename replay
  reset resolve restart restore resume retry return revert revoke rotate round run sanitize save scan schedule seed
  send serialize set shard sign skip sort split start stop store stream subscribe sync throttle track transform trim
  truncate unlock unsubscribe update upload upsert validate verify wait warm watch wrap write
`);

const IRREGULAR_PAST = {
  run: 'ran', set: 'set', get: 'got', read: 'read', write: 'wrote', split: 'split', send: 'sent', drop: 'dropped',
  stop: 'stopped', map: 'mapped', log: 'logged', skip: 'skipped', wrap: 'wrapped', commit: 'committed', emit: 'emitted',
  shard: 'sharded', plan: 'planned', ping: 'pinged', bump: 'bumped', block: 'blocked', lock: 'locked', mock: 'mocked',
  patch: 'patched', pull: 'pulled', push: 'pushed',
};

const plural = (n) =>
  /(s|x|z|ch|sh)$/.test(n) ? `${n}es` : /[^aeiou]y$/.test(n) ? `${n.slice(0, -1)}ies` : `${n}s`;

const thirdPerson = (v) => (/(s|x|z|ch|sh)$/.test(v) ? `${v}es` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ies` : `${v}s`);

const pastTense = (v) =>
  IRREGULAR_PAST[v] ?? (v.endsWith('e') ? `${v}d` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ied` : `${v}ed`);

const ADJECTIVES = words(`
  async atomic broken cached canonical cold concurrent corrupt custom dead default deprecated detached dirty duplicate
  dynamic empty encrypted expired external failed fast flaky frozen global graceful hard hidden idempotent immutable
  incremental internal invalid large lazy legacy local malformed manual missing mutable nested noisy nullable offline
  optional orphaned outdated parallel partial pending persistent private public raw readonly recursive redundant
  regional remote required reserved retryable root safe scheduled sealed secondary shared silent slow soft sparse
  stale static sticky strict temporary transient unique unknown unsigned upstream verbose warm weak new old first last
  next previous wrong correct nightly weekly monthly daily hourly
`);

const TECH = words(`
  postgres redis kafka bullmq fastify express nextjs react vite webpack esbuild tsc typescript node npm pnpm yarn turbo
  docker kubernetes helm terraform aws s3 sqs sns lambda cloudfront route53 ecr eks rds elasticache iam kms github
  actions sentry grafana loki tempo prometheus otel opentelemetry pino winston jest vitest playwright cypress msw zod
  typebox kysely prisma drizzle knex stripe paddle postmark sendgrid mailpit unleash launchdarkly crowdin formatjs
  i18next intl tailwind radix shadcn storybook eslint prettier husky renovate dependabot argo argocd karpenter keda
  nginx envoy cloudflare vercel jwt oauth saml oidc webauthn totp hmac sha256 aes gzip brotli json yaml csv pdf xml
  html css svg png utf8 unicode icu uuid ulid semver graphql rest grpc websocket sse http https tcp dns tls cors csp
  csrf xss ssrf idor pgbouncer pgvector clickhouse elasticsearch opensearch meilisearch minisearch lru ttl sla slo p95
  p99 rps mrr vat oss vies sepa iban ach 3ds sca chromium puppeteer sharp mjml handlebars dayjs luxon lodash undici
  axios ioredis pg libuv v8 wasm
`);

const UNITS = ['ms', 's', 'min', 'h', 'MB', 'GB', 'KB', '%', 'x', 'rps', ' rows', ' pods', ' jobs', ' requests'];
const FILE_EXT = { ts: 0.55, tsx: 0.15, mjs: 0.05, sql: 0.07, yaml: 0.06, tf: 0.05, json: 0.04, md: 0.03 };

const camel = (parts) => parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
const pascal = (parts) => parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');

/** Build the vocabulary once per seed: several thousand distinct terms of different shapes. */
function buildVocabulary(rnd) {
  const uniq = (n, make) => {
    const set = new Set();
    for (let guard = 0; set.size < n && guard < n * 20; guard++) set.add(make());
    return [...set];
  };
  const shuffle = (arr) => {
    const a = arr.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = rnd.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const nouns = shuffle(NOUNS);
  const verbs = shuffle(VERBS);
  const adjectives = shuffle(ADJECTIVES);
  const tech = shuffle(TECH);

  const functionsIds = uniq(1400, () =>
    rnd.chance(0.3) ? camel([rnd.pick(verbs), rnd.pick(adjectives), rnd.pick(nouns)]) : camel([rnd.pick(verbs), rnd.pick(nouns)]),
  );
  const components = uniq(300, () =>
    pascal([rnd.pick(nouns), rnd.pick(['Form', 'List', 'Modal', 'Provider', 'Table', 'Row', 'Panel', 'Button', 'Page', 'Card'])]),
  );
  const snake = uniq(500, () =>
    rnd.chance(0.5) ? `${rnd.pick(nouns)}_${rnd.pick(['id', 'at', 'count', 'status', 'key', 'url', 'total'])}` : `${rnd.pick(nouns)}_${rnd.pick(nouns)}s`,
  );
  const envVars = uniq(220, () =>
    `${rnd.pick(nouns)}_${rnd.pick(nouns)}_${rnd.pick(['URL', 'TTL', 'SECRET', 'TIMEOUT', 'ENABLED', 'LIMIT', 'REGION', 'KEY'])}`.toUpperCase(),
  );
  const errorCodes = uniq(180, () =>
    rnd.chance(0.5)
      ? `ERR_${rnd.pick(nouns)}_${rnd.pick(adjectives)}`.toUpperCase()
      : `${pascal([rnd.pick(adjectives), rnd.pick(nouns)])}Error`,
  );
  const scripts = uniq(200, () => `${rnd.pick(nouns)}:${rnd.pick(verbs)}`);
  const packages = uniq(60, () => `@quillbill/${rnd.pick(nouns)}`);
  const services = uniq(14, () => rnd.pick(nouns));
  const packageDirs = uniq(18, () => rnd.pick(nouns));
  const paths = uniq(1600, () => {
    const ext = rnd.weighted(weights(FILE_EXT));
    const name = ext === 'tsx' ? rnd.pick(components) : rnd.chance(0.5) ? camel([rnd.pick(verbs), rnd.pick(nouns)]) : rnd.pick(nouns);
    switch (rnd.int(7)) {
      case 0:
      case 1:
        return `services/${rnd.pick(services)}/src/${rnd.pick(nouns)}s/${name}.${ext === 'tsx' ? 'ts' : ext}`;
      case 2:
        return `packages/${rnd.pick(packageDirs)}/src/${name}.${ext === 'tsx' ? 'ts' : ext}`;
      case 3:
        return `web/src/features/${rnd.pick(nouns)}s/${name}.tsx`;
      case 4:
        return `infra/${rnd.pick(['terraform', 'helm', 'argocd'])}/${rnd.pick(nouns)}.${rnd.pick(['tf', 'yaml'])}`;
      case 5:
        return `packages/db/migrations/${String(rnd.range(1, 400)).padStart(4, '0')}_${rnd.pick(verbs)}_${rnd.pick(nouns)}s.sql`;
      default:
        return rnd.chance(0.5) ? `.github/workflows/${rnd.pick(nouns)}.yml` : `scripts/${rnd.pick(verbs)}-${rnd.pick(nouns)}.mjs`;
    }
  });

  // Each topic prefers a few dozen terms, so topics have their own jargon, as real ones do.
  const topicTerms = new Map();
  for (const t of TOPICS) {
    topicTerms.set(t, {
      nouns: uniq(30, () => rnd.zipf(nouns)),
      verbs: uniq(12, () => rnd.zipf(verbs)),
      adjectives: uniq(8, () => rnd.zipf(adjectives)),
      tech: uniq(8, () => rnd.zipf(tech)),
      ids: uniq(25, () => rnd.pick(functionsIds)),
      paths: uniq(20, () => rnd.pick(paths)),
      tags: [t.split('-')[0], ...uniq(10, () => rnd.zipf(nouns))],
    });
  }
  const identifiers = [functionsIds, components, snake, envVars, errorCodes, scripts, packages];
  const size = new Set([
    ...DETERMINERS,
    ...PREPOSITIONS,
    ...CONJUNCTIONS,
    ...MODALS,
    ...nouns,
    ...nouns.map(plural),
    ...verbs,
    ...verbs.map(pastTense),
    ...verbs.map(thirdPerson),
    ...adjectives,
    ...tech,
    ...identifiers.flat(),
    ...paths,
  ]).size;
  return { nouns, verbs, adjectives, tech, identifiers, paths, topicTerms, size };
}

// ---------------------------------------------------------------------------------------------------------------
// Notes

const TYPE_WEIGHTS = weights({ gotcha: 74, fact: 67, decision: 57, convention: 40, bugfix: 36, howto: 28, todo: 18, session: 14 });
const FILE_COUNT_WEIGHTS = weights({ 0: 20, 1: 45, 2: 25, 3: 10 });
const SUPERSEDED_SHARE = 0.054;
const ARCHIVED_SHARE = 0.03;
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const YEAR_START = Date.UTC(2026, 0, 1);
const SPAN_DAYS = 323; // 2026-01-01 .. 2026-11-20
const DAY = 86_400_000;

const isoDay = (day) => new Date(YEAR_START + day * DAY).toISOString().slice(0, 10);

function slugify(title) {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 48) return slug || 'note';
  return slug.slice(0, 48).replace(/-[^-]*$/, '') || 'note';
}

const needsQuotes = (s) => /[:#[\]{},&*!|>'"%@`]/.test(s) || /^[\s\-?]/.test(s) || /\s$/.test(s);
const yamlScalar = (s) => (needsQuotes(s) ? JSON.stringify(s) : s);
const hex = (rnd, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rnd.int(16)];
  return /[a-df]/.test(s) ? s : `"${s}"`; // digits-only or digits-e-digits would read back as a YAML number
};

function makeWordSource(rnd, vocab) {
  const num = () => {
    const n = rnd.chance(0.2)
      ? (rnd.range(1, 99) / 10).toFixed(1)
      : String(rnd.zipf([1, 2, 3, 5, 10, 15, 20, 30, 50, 100, 200, 250, 500, 1000, 2000, 5000]));
    return `${n}${rnd.pick(UNITS)}`;
  };
  const noun = (t) => (rnd.chance(0.4) ? rnd.pick(t.nouns) : rnd.zipf(vocab.nouns));
  const identifier = (t) => {
    const id = rnd.chance(0.3) ? rnd.pick(t.ids) : rnd.zipf(rnd.pick(vocab.identifiers));
    return rnd.chance(0.6) ? `\`${id}\`` : id;
  };
  /** A noun phrase, pushed word by word onto `out`. */
  const np = (t, out) => {
    const r = rnd.next();
    if (r < 0.55) {
      if (rnd.chance(0.7)) out.push(rnd.zipf(DETERMINERS));
      if (rnd.chance(0.3)) out.push(rnd.chance(0.4) ? rnd.pick(t.adjectives) : rnd.zipf(vocab.adjectives));
      if (rnd.chance(0.25)) out.push(rnd.chance(0.5) ? rnd.pick(t.tech) : rnd.zipf(vocab.tech));
      const n = noun(t);
      out.push(rnd.chance(0.25) ? plural(n) : n);
    } else if (r < 0.78) out.push(identifier(t));
    else if (r < 0.88) out.push(rnd.chance(0.5) ? rnd.pick(t.tech) : rnd.zipf(vocab.tech));
    else if (r < 0.94) out.push(`\`${rnd.chance(0.5) ? rnd.pick(t.paths) : rnd.zipf(vocab.paths)}\``);
    else out.push(num());
  };
  const vp = (t, out) => {
    const v = rnd.chance(0.4) ? rnd.pick(t.verbs) : rnd.zipf(vocab.verbs);
    const r = rnd.next();
    if (r < 0.45) out.push(pastTense(v));
    else if (r < 0.65) out.push(thirdPerson(v));
    else {
      const modal = rnd.zipf(MODALS);
      out.push(modal);
      if (modal !== 'cannot' && modal !== 'never' && rnd.chance(0.15)) out.push('not');
      out.push(v);
    }
    np(t, out);
    if (rnd.chance(0.5)) {
      out.push(rnd.zipf(PREPOSITIONS));
      np(t, out);
    }
  };
  const sentence = (t) => {
    const out = [];
    if (rnd.chance(0.15)) {
      out.push(rnd.zipf(PREPOSITIONS));
      np(t, out);
      out[out.length - 1] += ',';
    }
    np(t, out);
    vp(t, out);
    if (rnd.chance(0.35)) {
      out.push(rnd.zipf(CONJUNCTIONS));
      np(t, out);
      vp(t, out);
    }
    for (let i = 0; i < out.length - 1; i++) if (out[i] === 'a' && /^[aeiou]/i.test(out[i + 1])) out[i] = 'an';
    const first = out[0];
    if (/^[a-z]/.test(first)) out[0] = first[0].toUpperCase() + first.slice(1);
    return out;
  };
  const body = (t) => {
    const target = 20 + Math.floor(100 * rnd.next() ** 1.6); // 20-120 words, most between 30 and 60
    let text = '';
    let n = 0;
    while (n < target && 120 - n >= 3) {
      let words = sentence(t);
      if (n + words.length > 120) words = words.slice(0, 120 - n);
      n += words.length;
      const s = `${words.join(' ')}.`;
      text += text === '' ? s : rnd.chance(0.2) ? `\n${s}` : ` ${s}`;
    }
    return text;
  };
  const title = (t) => {
    const len = rnd.range(4, 10);
    const out = [];
    while (out.length < len) {
      const r = rnd.next();
      if (out.length > 0 && r < 0.15) out.push(rnd.zipf(PREPOSITIONS));
      else if (r < 0.55) out.push(noun(t));
      else if (r < 0.68) out.push(rnd.chance(0.5) ? rnd.pick(t.adjectives) : rnd.zipf(vocab.adjectives));
      else if (r < 0.8) out.push(pastTense(rnd.chance(0.5) ? rnd.pick(t.verbs) : rnd.zipf(vocab.verbs)));
      else if (r < 0.92) out.push(rnd.chance(0.5) ? rnd.pick(t.tech) : rnd.zipf(vocab.tech));
      else out.push(rnd.chance(0.5) ? rnd.pick(t.ids) : rnd.zipf(vocab.identifiers[0]));
    }
    out[0] = out[0][0].toUpperCase() + out[0].slice(1);
    return out.join(' ');
  };
  return { body, title };
}

/**
 * Generate a synthetic memory corpus.
 * @param {{ notes: number, out: string, seed?: number, concurrency?: number }} options
 *   notes: how many notes; out: target directory (created, existing files with other names are left alone);
 *   seed: PRNG seed (default 42); concurrency: files written in parallel (default 32; the content never depends on it).
 * @returns {Promise<{ notes: number, topics: number, bytes: number, vocabulary: number, notesDir: string, ms: number }>}
 */
export async function generateCorpus({ notes, out, seed = 42, concurrency = 32 }) {
  const count = Number(notes);
  if (!Number.isInteger(count) || count < 0) throw new TypeError(`notes must be a non-negative integer, got ${notes}`);
  if (!out) throw new TypeError('out is required');
  const started = performance.now();
  const rnd = makeRandom(Number(seed) >>> 0 || 0);
  const vocab = buildVocabulary(rnd);
  const gen = makeWordSource(rnd, vocab);
  const notesDir = path.join(path.resolve(out), '.claude-memory', 'notes');

  // Pass 1: metadata, in creation order, so a superseding note is always newer than the note it replaces.
  const meta = new Array(count);
  const ids = new Set();
  const activeByTopic = new Map(TOPICS.map((t) => [t, []]));
  const topicWeights = weights(Object.fromEntries(TOPICS.map((t, i) => [t, 1 / Math.sqrt(i + 2)])));
  let lastCreated = 0;
  for (let i = 0; i < count; i++) {
    const topicName = rnd.weighted(topicWeights);
    const topic = vocab.topicTerms.get(topicName);
    const title = gen.title(topic);
    const slug = slugify(title);
    let id;
    do {
      id = `${slug}-${BASE36[rnd.int(36)]}${BASE36[rnd.int(36)]}${BASE36[rnd.int(36)]}${BASE36[rnd.int(36)]}`;
    } while (ids.has(id));
    ids.add(id);
    // non-decreasing with i, so a superseding note is never dated before the note it replaces
    const created = Math.max(lastCreated, Math.min(SPAN_DAYS, Math.floor((i / Math.max(1, count)) * SPAN_DAYS) + rnd.int(3)));
    lastCreated = created;
    const tags = new Set([rnd.chance(0.6) ? topic.tags[0] : rnd.pick(topic.tags)]);
    for (let k = rnd.range(1, 4) - 1; k > 0; k--) tags.add(rnd.pick(topic.tags));
    const files = new Set();
    for (let k = Number(rnd.weighted(FILE_COUNT_WEIGHTS)); k > 0; k--) {
      files.add(rnd.chance(0.6) ? rnd.pick(topic.paths) : rnd.zipf(vocab.paths));
    }
    const type = rnd.weighted(TYPE_WEIGHTS);
    const note = {
      id,
      title,
      type,
      topic: topicName,
      tags: [...tags],
      files: [...files],
      created,
      updated: rnd.chance(0.3) ? Math.min(SPAN_DAYS, created + rnd.range(1, 45)) : created,
      status: 'active',
      supersedes: null,
      source: type === 'session' || rnd.chance(0.6) ? `{ session: ${hex(rnd, 8)}, commit: ${hex(rnd, 7)} }` : null,
    };
    const pool = activeByTopic.get(topicName);
    if (pool.length > 0 && rnd.chance(SUPERSEDED_SHARE)) {
      const j = rnd.int(pool.length);
      const old = meta[pool[j]];
      pool[j] = pool[pool.length - 1];
      pool.pop();
      old.status = 'superseded';
      old.updated = Math.max(old.updated, created);
      if (old.updated < old.created) old.updated = old.created;
      note.supersedes = old.id;
    } else if (rnd.chance(ARCHIVED_SHARE)) {
      note.status = 'archived';
    }
    meta[i] = note;
    if (note.status === 'active') pool.push(i);
  }
  // A note may have been superseded after its own `updated` was drawn; keep updated >= created.
  for (const n of meta) if (n.updated < n.created) n.updated = n.created;

  // Pass 2: bodies and files. Text is generated in order on the main thread (so it is deterministic) while the
  // libuv threadpool writes earlier files; with a slow disk that overlap is most of the speed.
  for (const t of TOPICS) fs.mkdirSync(path.join(notesDir, t), { recursive: true });
  const limit = Math.max(1, Math.floor(concurrency));
  let inflight = 0;
  let failure = null;
  let wake = null;
  const written = (err) => {
    inflight--;
    if (err && !failure) failure = err;
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  };
  let bytes = 0;
  for (const n of meta) {
    if (failure) break;
    let text =
      `---\nid: ${n.id}\ntitle: ${yamlScalar(n.title)}\ntype: ${n.type}\ntopic: ${n.topic}\n` +
      `tags: [${n.tags.join(', ')}]\nfiles: [${n.files.join(', ')}]\n` +
      `created: ${isoDay(n.created)}\nupdated: ${isoDay(n.updated)}\nstatus: ${n.status}\n`;
    if (n.supersedes) text += `supersedes: [${n.supersedes}]\n`;
    if (n.source) text += `source: ${n.source}\n`;
    text += `---\n${gen.body(vocab.topicTerms.get(n.topic))}\n`;
    bytes += Buffer.byteLength(text);
    while (inflight >= limit) await new Promise((resolve) => (wake = resolve));
    inflight++;
    fs.writeFile(path.join(notesDir, n.topic, `${n.id}.md`), text, written);
  }
  while (inflight > 0) await new Promise((resolve) => (wake = resolve));
  if (failure) throw failure;
  return { notes: count, topics: TOPICS.length, bytes, vocabulary: vocab.size, notesDir, ms: Math.round(performance.now() - started) };
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument: ${argv[i]}`);
    const [, key, inline] = m;
    if (key === 'help') return { help: true };
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    opts[key] = value;
  }
  return opts;
}

const USAGE = 'usage: node bench/generate-corpus.mjs --notes N --out DIR [--seed 42]';

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(USAGE);
    } else {
      for (const key of Object.keys(opts)) if (!['notes', 'out', 'seed'].includes(key)) throw new Error(`unknown option --${key}`);
      if (opts.notes === undefined || opts.out === undefined) throw new Error('--notes and --out are required');
      if (!/^\d+$/.test(opts.notes)) throw new Error('--notes must be a non-negative integer');
      if (opts.seed !== undefined && !/^\d+$/.test(opts.seed)) throw new Error('--seed must be a non-negative integer');
      const r = await generateCorpus({ notes: Number(opts.notes), out: opts.out, seed: opts.seed === undefined ? 42 : Number(opts.seed) });
      console.log(
        `wrote ${r.notes} notes in ${r.topics} topics to ${r.notesDir} ` +
          `(${(r.bytes / 1e6).toFixed(1)} MB, vocabulary ${r.vocabulary} terms) in ${(r.ms / 1000).toFixed(2)} s`,
      );
    }
  } catch (e) {
    console.error(`generate-corpus: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
}
