// Word lists and inflections the corpus generator draws from: developer prose, tool names and identifier parts.

export const words = (s) => s.trim().split(/\s+/);

export const TOPICS = words(`
  auth api billing payments database queue web infra ci deploy observability i18n feature-flags testing email pdf tax
  security cache tooling webhooks search reporting exports imports onboarding notifications scheduler admin sdk cli
  gateway storage backups compliance accessibility design-system performance mobile analytics
`);

export const DETERMINERS = words('the the the the a a our our this each every no some that its their');
export const PREPOSITIONS = words('in in on for for with with after before from to to via during without per into by over under behind');
export const CONJUNCTIONS = words('because because so when when but and and while then unless until although since');
export const MODALS = words('must should should can cannot will would may never always');

export const NOUNS = words(`
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

export const VERBS = words(`
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
  run: 'ran',
  set: 'set',
  get: 'got',
  read: 'read',
  write: 'wrote',
  split: 'split',
  send: 'sent',
  drop: 'dropped',
  stop: 'stopped',
  map: 'mapped',
  log: 'logged',
  skip: 'skipped',
  wrap: 'wrapped',
  commit: 'committed',
  emit: 'emitted',
  shard: 'sharded',
  plan: 'planned',
  ping: 'pinged',
  bump: 'bumped',
  block: 'blocked',
  lock: 'locked',
  mock: 'mocked',
  patch: 'patched',
  pull: 'pulled',
  push: 'pushed',
};

export const plural = (n) => (/(s|x|z|ch|sh)$/.test(n) ? `${n}es` : /[^aeiou]y$/.test(n) ? `${n.slice(0, -1)}ies` : `${n}s`);

export const thirdPerson = (v) => (/(s|x|z|ch|sh)$/.test(v) ? `${v}es` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ies` : `${v}s`);

export const pastTense = (v) => IRREGULAR_PAST[v] ?? (v.endsWith('e') ? `${v}d` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ied` : `${v}ed`);

export const ADJECTIVES = words(`
  async atomic broken cached canonical cold concurrent corrupt custom dead default deprecated detached dirty duplicate
  dynamic empty encrypted expired external failed fast flaky frozen global graceful hard hidden idempotent immutable
  incremental internal invalid large lazy legacy local malformed manual missing mutable nested noisy nullable offline
  optional orphaned outdated parallel partial pending persistent private public raw readonly recursive redundant
  regional remote required reserved retryable root safe scheduled sealed secondary shared silent slow soft sparse
  stale static sticky strict temporary transient unique unknown unsigned upstream verbose warm weak new old first last
  next previous wrong correct nightly weekly monthly daily hourly
`);

export const TECH = words(`
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

export const UNITS = ['ms', 's', 'min', 'h', 'MB', 'GB', 'KB', '%', 'x', 'rps', ' rows', ' pods', ' jobs', ' requests'];
export const FILE_EXT = { ts: 0.55, tsx: 0.15, mjs: 0.05, sql: 0.07, yaml: 0.06, tf: 0.05, json: 0.04, md: 0.03 };

export const camel = (parts) => parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
export const pascal = (parts) => parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
