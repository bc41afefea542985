/**
 * Credentials inside URLs: the password of `scheme://user:password@host` (which may itself hold `/`, `@` or `:`),
 * and query parameters that carry a key or token (`?key=`, `&access_token=`, `&sig=`).
 */
import type { RuleImpl, Span } from './types.js';
import { isPlaceholderValue, isReference } from './keys.js';
import { matchRule } from './match-rule.js';
import { hasDigit, hasLetter, shannonEntropy } from './text-shape.js';

const SCHEME_RE = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\//g;
/** How far past `scheme://` the userinfo may reach. */
const USERINFO_WINDOW = 256;
/** What may follow the `@` that ends the userinfo: a host name or address, then a port, path, query or the end. */
const HOST_AFTER_AT_RE = /^(?:[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?[.,;:!?]*(?=[/?#\s"'`<>),;\]}]|$)/;
/** At most this many `@` are tried from the right: an honest URL has one or two. */
const MAX_AT_TRIED = 8;

/** Offsets just past each `scheme://`: found by the `://` (a plain search, several times faster than a scheme regex). */
function* schemeEnds(text: string): Iterable<number> {
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let s = at;
    while (s > 0 && at - s <= 31 && /[A-Za-z0-9+.-]/.test(text[s - 1] as string)) s--;
    // A scheme: a letter, then 1-30 letters, digits, `+`, `.`, `-`, not continuing a longer run.
    if (at - s < 2 || at - s > 31 || !/[A-Za-z]/.test(text[s] as string) || (s > 0 && /[A-Za-z0-9+.-]/.test(text[s - 1] as string))) continue;
    yield at + 3;
  }
}

function* findUrlPasswords(text: string): Iterable<Span> {
  let skipUntil = 0;
  for (const from of schemeEnds(text)) {
    if (from < skipUntil) continue;
    // The user part: up to the first `:`, never across `/` or blanks (then there is no userinfo).
    let i = from;
    const limit = Math.min(text.length, from + USERINFO_WINDOW);
    while (i < limit && !/[\s:/"'`<>]/.test(text[i] as string)) i++;
    if (text[i] !== ':') continue;
    const passStart = i + 1;
    // The userinfo ends at the last `@` that a host follows, before the URL ends.
    let end = passStart;
    while (end < limit && !/[\s"'`<>]/.test(text[end] as string)) end++;
    let at = -1;
    let tried = 0;
    for (let j = end - 1; j >= passStart && tried < MAX_AT_TRIED; j--) {
      if (text[j] !== '@') continue;
      tried++;
      if (HOST_AFTER_AT_RE.test(text.slice(j + 1, end))) {
        at = j;
        break;
      }
    }
    if (at <= passStart) {
      // Any later scheme inside this URL ends at the same place and finds the same `@`s: none will do.
      skipUntil = end;
      continue;
    }
    const password = text.slice(passStart, at);
    // `https://host:8080/path@x`: a port and a path, not a password.
    if (/^[0-9]{1,5}(?:\/|$)/.test(password) || isReference(password) || isPlaceholderValue(password)) continue;
    skipUntil = at;
    yield { start: passStart, end: at };
  }
}

const QUERY_SECRET_RE =
  /[?&](key|api[_-]?key|apikey|x-api-key|token|access[_-]?token|accesstoken|auth|auth[_-]?token|authtoken|private[_-]?token|refresh[_-]?token|id[_-]?token|jwt|sig|signature|secret|client[_-]?secret|password|passwd|pwd|pass|session[_-]?id|sessionid|session|code)=([^&;?\s"'`#<>]+)/dgi;

const PASSWORD_PARAMS = /^(?:password|passwd|pwd|pass)$/i;

/** A query value worth redacting: passwords always, other parameters when they look like keys rather than words. */
function acceptQueryValue(value: string, m: RegExpExecArray | RegExpMatchArray): boolean {
  if (isReference(value) || isPlaceholderValue(value) || !/[A-Za-z0-9]/.test(value)) return false;
  const name = m[1] ?? '';
  if (PASSWORD_PARAMS.test(name)) return true;
  if (value.length < 8) return false;
  if (/^(?:code|key|session)$/i.test(name)) return hasDigit(value) && hasLetter(value) && (value.length >= 16 || shannonEntropy(value) >= 3);
  return hasDigit(value) || value.length >= 16;
}

export const URL_RULES: readonly RuleImpl[] = [
  {
    kind: 'url-password',
    description: 'Password in a URL (scheme://user:password@host, the password may hold / @ :); user and host are kept',
    patterns: [SCHEME_RE],
    find: findUrlPasswords,
  },
  matchRule(
    'url-query-secret',
    'Key, token, signature or password in a URL query parameter (?key=, &token=, access_token=, sig=, password=)',
    [QUERY_SECRET_RE],
    { group: 2, accept: acceptQueryValue },
  ),
];
