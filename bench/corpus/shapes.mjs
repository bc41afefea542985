// The corpus shapes the benchmarks run on. Each models one way a real team's memory differs from the default corpus;
// docs/benchmarks.md says why each matters. Generator fields: vocabularyScale, topicCount, commonTerms, bodyBytes
// (see vocabulary.mjs and text.mjs); `history` is read by the repository builder (corpus/repo.mjs).

export const SHAPES = {
  current: {
    summary: 'the original benchmark corpus: 40 topics, ~5,800-term vocabulary, bodies of 20-120 words',
  },
  'small-vocab': {
    summary: 'a quarter of the vocabulary and 12 topics; "config", "test" and the topic name "api" each in 30-60 % of notes',
    vocabularyScale: 0.25,
    topicCount: 12,
    commonTerms: { config: 0.4, test: 0.35, api: 0.3 },
  },
  long: {
    summary: 'bodies of 2-4 KB of markdown: paragraphs, bullet lists, code blocks, headings',
    bodyBytes: [2048, 4096],
  },
  'many-topics': {
    summary: '600 topics (one folder each), so every per-topic and per-folder cost is multiplied',
    topicCount: 600,
  },
  'pull-batches': {
    summary: 'the default notes, but half of them arrived by 25 pulls of 2 % each, with the git hook refreshing the index after each',
    history: { baseShare: 0.5, batches: 25 },
  },
};

export const SHAPE_NAMES = Object.keys(SHAPES);

/** A shape object from a name or an object (objects pass through, so tests can try one-off shapes). */
export function resolveShape(shape) {
  if (shape && typeof shape === 'object') return shape;
  const found = SHAPES[shape];
  if (!found) throw new Error(`unknown corpus shape "${shape}" (known: ${SHAPE_NAMES.join(', ')})`);
  return found;
}
