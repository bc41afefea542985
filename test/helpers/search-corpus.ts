import { dateWords } from '../../src/index/embeddings/date-words.js';
import type { SearchDoc } from '../../src/index/text.js';

const WORDS =
  'auth jwt token rotate gateway verify deploy pipeline postgres migration rollback redis queue worker retry backoff idempotency webhook stripe invoice currency rounding locale translation feature flag vitest flaky timeout docker kubernetes helm secret vault tracing opentelemetry span latency cache invalidation cdn'.split(
    ' ',
  );

/** A deterministic small corpus with overlapping vocabulary, so rankings have ties and near-ties to get wrong. */
export function corpus(n: number, seed = 7): SearchDoc[] {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = (k: number) => Array.from({ length: k }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    id: `note-${i}`,
    title: `${pick(4)} note ${i}`,
    body: `${pick(30)}. The verifyToken helper in services/auth/${pick(1)}.ts matters.`,
    tags: pick(2),
    topic: WORDS[i % 7]!,
    files: `services/${pick(1)}/src/${pick(1)}.ts`,
    type: i % 3 ? 'fact' : 'decision',
    path: `.claude-memory/notes/t/note-${i}.md`,
    status: i % 10 === 0 ? 'archived' : 'active',
    updated: `2026-0${1 + (i % 9)}-1${i % 10}`,
    dates: dateWords(`2026-0${1 + (i % 9)}-1${i % 10}`),
  }));
}
