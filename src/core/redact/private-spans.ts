/**
 * `<private>…</private>` spans: the author's own way to keep text out of memory. Removed whole before any secret
 * detection, nested and multi-line; an unclosed `<private>` removes everything after it.
 */

// Attributes are `[^<>]*` rather than `[^>]*` so an unterminated `<private`
// cannot make every later `<private` rescan to the end of the input.
const PRIVATE_TAG_RE = /<[ \t]*(\/?)[ \t]*private(?![\w-])[^<>]*>/gi;

function stripPrivateOnce(text: string): string {
  let out = '';
  let last = 0;
  let depth = 0;
  for (const m of text.matchAll(PRIVATE_TAG_RE)) {
    const at = m.index;
    const after = at + m[0].length;
    const closing = m[1] === '/';
    const selfClosing = !closing && m[0].endsWith('/>');
    if (depth === 0) {
      out += text.slice(last, at);
      last = after;
      // A stray closing tag or `<private/>` hides nothing, so only the tag goes.
      if (!closing && !selfClosing) depth = 1;
      continue;
    }
    if (selfClosing) continue;
    if (closing) {
      depth--;
      if (depth === 0) last = after;
    } else {
      depth++;
    }
  }
  // Unclosed: the author meant to hide something and we cannot tell where it ends.
  if (depth > 0) return out;
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Removes `<private>…</private>` spans (case-insensitive, nested, multi-line).
 * An unclosed `<private>` removes everything after it.
 */
export function stripPrivate(text: string): string {
  // Cheap exit for the common case: no tag can start without the word.
  if (!/private/i.test(text)) return text;
  let out = stripPrivateOnce(text);
  // Removing a span can splice `<priv` + `ate>` into a new tag. A couple of
  // extra passes handle honest input; beyond that the input is adversarial
  // and we cut at the first surviving tag rather than loop quadratically.
  for (let pass = 0; pass < 3; pass++) {
    PRIVATE_TAG_RE.lastIndex = 0;
    if (!PRIVATE_TAG_RE.test(out)) return out;
    out = stripPrivateOnce(out);
  }
  PRIVATE_TAG_RE.lastIndex = 0;
  const m = PRIVATE_TAG_RE.exec(out);
  PRIVATE_TAG_RE.lastIndex = 0;
  return m ? out.slice(0, m.index) : out;
}
