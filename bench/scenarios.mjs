// What the benchmarks ask a corpus: prompts of different lengths as a developer types them into Claude Code, and
// search queries, built from the corpus's own common terms and sample notes so each shape is asked in its own words.
import { CONJUNCTIONS, DETERMINERS, MODALS, PREPOSITIONS } from './corpus/words.mjs';

const FUNCTION_WORDS = new Set([...DETERMINERS, ...PREPOSITIONS, ...CONJUNCTIONS, ...MODALS]);
const contentWords = (text) =>
  text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => /^[a-z]{3,}$/.test(w) && !FUNCTION_WORDS.has(w));
const firstSentence = (text) => /^[^.\n]*\./.exec(text.replace(/^[-#`\s]+/, ''))?.[0] ?? text.slice(0, 120);

/** Pure: five prompts, from a few words to a pasted page, named so a slow one can be told apart. */
export function promptsFor(corpus) {
  const [a, b, c] = corpus.commonTerms.map((t) => t.term);
  const s = corpus.samples;
  const ident = s.find((x) => x.identifier)?.identifier ?? a;
  const pasted = s
    .slice(3, 8)
    .map((x) => `${x.title}\n\n${x.body}`)
    .join('\n\n')
    .slice(0, 2400);
  return [
    { name: 'short, common words', text: `why does the ${a} ${b} keep failing?` },
    { name: 'about a note title', text: `Can you check how ${s[0].title.toLowerCase()} works before I change it?` },
    { name: 'an identifier', text: `Where is ${ident} called from? It started throwing after the last deploy.` },
    {
      name: 'pasted error, ~120 words',
      text:
        `I'm seeing this in CI since this morning:\n\n\`\`\`\nError: ${ident} failed: ${firstSentence(s[1].body)}\n` +
        `    at ${ident} (${s[1].path.replace('.claude-memory/notes/', 'src/')}:42:13)\n    at processTicksAndRejections\n\`\`\`\n\n` +
        `The ${a} step passes locally but the ${b} job fails on the ${c} stage. ${firstSentence(s[2].body)} ` +
        `We changed ${s[2].title.toLowerCase()} last week and I think the ${a} ${c} config is involved. ` +
        'Can you look at what changed, tell me whether we hit this before, and propose a fix with a test?',
    },
    { name: 'pasted design doc, ~2,400 chars', text: `Here is the design doc for the change; tell me what it breaks and what we decided before:\n\n${pasted}` },
  ];
}

/** Pure: search queries: the two most common terms, three words of a title, an identifier. */
export function queriesFor(corpus) {
  const [a, b] = corpus.commonTerms.map((t) => t.term);
  const s = corpus.samples;
  return [
    { name: 'common words', text: `${a} ${b}` },
    {
      name: 'title words',
      text: contentWords(s[4]?.title ?? s[0].title)
        .slice(0, 3)
        .join(' '),
    },
    { name: 'identifier', text: s.find((x) => x.identifier)?.identifier ?? a },
  ];
}
