// Sentences, titles and bodies from a vocabulary: noun and verb phrases drawn with a Zipf-like skew and a bias towards
// the topic's own jargon.
import { CONJUNCTIONS, DETERMINERS, MODALS, PREPOSITIONS, UNITS, pastTense, plural, thirdPerson } from './words.mjs';

/**
 * Titles and bodies for notes of one topic. `shape.bodyBytes` ([min, max]) asks for long markdown bodies instead of
 * 20-120 words of prose; `shape.commonTerms` ({ term: share }) adds a sentence about `term` to that share of notes.
 * A shape without them draws exactly what the generator always drew.
 */
export function makeWordSource(rnd, vocab, shape = {}) {
  const num = () => {
    const n = rnd.chance(0.2) ? (rnd.range(1, 99) / 10).toFixed(1) : String(rnd.zipf([1, 2, 3, 5, 10, 15, 20, 30, 50, 100, 200, 250, 500, 1000, 2000, 5000]));
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
  /** Markdown of `min`-`max` bytes: paragraphs, bullet lists, code blocks and the odd heading. */
  const longBody = (t, [min, max]) => {
    const prose = (n) => Array.from({ length: n }, () => `${sentence(t).join(' ')}.`).join(' ');
    const block = () => {
      const r = rnd.next();
      if (r < 0.55) return prose(rnd.range(2, 5));
      if (r < 0.8) return Array.from({ length: rnd.range(3, 5) }, () => `- ${sentence(t).join(' ')}.`).join('\n');
      if (r < 0.9) {
        const lines = Array.from({ length: rnd.range(2, 6) }, () => `${rnd.pick(t.ids)}(${rnd.zipf(vocab.nouns)});`);
        return ['```ts', ...lines, '```'].join('\n');
      }
      return `## ${rnd.pick(t.nouns)} ${rnd.pick(t.verbs)}\n\n${prose(rnd.range(1, 3))}`;
    };
    const target = rnd.range(min, max);
    let text = '';
    while (Buffer.byteLength(text) < target) {
      let next = block();
      if (Buffer.byteLength(text) + Buffer.byteLength(next) + 2 > max) next = `${sentence(t).join(' ')}.`;
      if (Buffer.byteLength(text) + Buffer.byteLength(next) + 2 > max) break;
      text += text === '' ? next : `\n\n${next}`;
    }
    return text;
  };
  const common = Object.entries(shape.commonTerms ?? {});
  /** A sentence whose subject is `term`, so the term reads as part of the note. */
  const aboutTerm = (t, term) => {
    const out = [rnd.zipf(DETERMINERS), term];
    if (out[0] === 'a' && /^[aeiou]/i.test(term)) out[0] = 'an';
    vp(t, out);
    out[0] = out[0][0].toUpperCase() + out[0].slice(1);
    return `${out.join(' ')}.`;
  };
  const noteBody = (t) => {
    let text = shape.bodyBytes ? longBody(t, shape.bodyBytes) : body(t);
    for (const [term, share] of common) if (rnd.chance(share)) text += `${rnd.chance(0.3) ? '\n' : ' '}${aboutTerm(t, term)}`;
    return text;
  };
  return { body: noteBody, title };
}
