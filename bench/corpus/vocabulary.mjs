// The vocabulary of one corpus: word lists cut to the shape's size, identifiers, paths, topics and the jargon each
// topic prefers. Built once per seed; every draw comes from the seeded `rnd`, in a fixed order, so the 'current'
// shape's corpus is byte for byte the one the benchmarks have always used.
import { weights } from './random.mjs';
import {
  ADJECTIVES,
  CONJUNCTIONS,
  DETERMINERS,
  FILE_EXT,
  MODALS,
  NOUNS,
  PREPOSITIONS,
  TECH,
  TOPICS,
  VERBS,
  camel,
  pascal,
  pastTense,
  plural,
  thirdPerson,
} from './words.mjs';

/**
 * @param rnd the corpus's random source
 * @param shape `vocabularyScale` (share of each word list and identifier pool kept; 1 = all) and `topicCount`
 *   (fewer than the 40 built-in topics keeps the first ones; more adds generated `<topic>-<noun>` topics).
 */
export function buildVocabulary(rnd, shape = {}) {
  const scale = shape.vocabularyScale ?? 1;
  const count = (n) => (scale === 1 ? n : Math.max(4, Math.round(n * scale)));
  const cut = (arr) => (scale === 1 ? arr : arr.slice(0, count(arr.length)));
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
  const nouns = cut(shuffle(NOUNS));
  const verbs = cut(shuffle(VERBS));
  const adjectives = cut(shuffle(ADJECTIVES));
  const tech = cut(shuffle(TECH));

  const functionsIds = uniq(count(1400), () =>
    rnd.chance(0.3) ? camel([rnd.pick(verbs), rnd.pick(adjectives), rnd.pick(nouns)]) : camel([rnd.pick(verbs), rnd.pick(nouns)]),
  );
  const components = uniq(count(300), () =>
    pascal([rnd.pick(nouns), rnd.pick(['Form', 'List', 'Modal', 'Provider', 'Table', 'Row', 'Panel', 'Button', 'Page', 'Card'])]),
  );
  const snake = uniq(count(500), () =>
    rnd.chance(0.5) ? `${rnd.pick(nouns)}_${rnd.pick(['id', 'at', 'count', 'status', 'key', 'url', 'total'])}` : `${rnd.pick(nouns)}_${rnd.pick(nouns)}s`,
  );
  const envVars = uniq(count(220), () =>
    `${rnd.pick(nouns)}_${rnd.pick(nouns)}_${rnd.pick(['URL', 'TTL', 'SECRET', 'TIMEOUT', 'ENABLED', 'LIMIT', 'REGION', 'KEY'])}`.toUpperCase(),
  );
  const errorCodes = uniq(count(180), () =>
    rnd.chance(0.5) ? `ERR_${rnd.pick(nouns)}_${rnd.pick(adjectives)}`.toUpperCase() : `${pascal([rnd.pick(adjectives), rnd.pick(nouns)])}Error`,
  );
  const scripts = uniq(count(200), () => `${rnd.pick(nouns)}:${rnd.pick(verbs)}`);
  const packages = uniq(count(60), () => `@quillbill/${rnd.pick(nouns)}`);
  const services = uniq(count(14), () => rnd.pick(nouns));
  const packageDirs = uniq(count(18), () => rnd.pick(nouns));
  const paths = uniq(count(1600), () => {
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

  const topicCount = shape.topicCount ?? TOPICS.length;
  const topics = TOPICS.slice(0, Math.min(topicCount, TOPICS.length));
  if (topicCount > TOPICS.length) {
    const taken = new Set(topics);
    const extra = uniq(topicCount * 2, () => `${rnd.pick(TOPICS)}-${rnd.pick(nouns)}`).filter((t) => !taken.has(t));
    topics.push(...extra.slice(0, topicCount - topics.length));
  }

  // Each topic prefers a few dozen terms, so topics have their own jargon, as real ones do.
  const topicTerms = new Map();
  for (const t of topics) {
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
  return { nouns, verbs, adjectives, tech, identifiers, paths, topics, topicTerms, size };
}
