/**
 * Secrets laid out over several lines of a config file: a Kubernetes env entry whose `name:` says secret and
 * whose `value:` follows, the `data:` of a Kubernetes Secret, a .netrc entry, a multi-line YAML value under a
 * secret-like key, and the private half of a PuTTY key file.
 */
import type { RuleImpl, Span } from './types.js';
import { classifyKey, isPlaceholderValue, isReference } from './keys.js';

const hasAlnum = (s: string): boolean => /[A-Za-z0-9]/.test(s);

/** The value of a YAML/JSON scalar starting at `from`: a quoted string, or the rest of the line. */
function scalarAt(text: string, from: number): Span | undefined {
  const q = text[from];
  let start = from;
  let end: number;
  if (q === '"' || q === "'") {
    start = from + 1;
    end = start;
    while (end < text.length && text[end] !== q && text[end] !== '\n') end += text[end] === '\\' && q === '"' ? 2 : 1;
    end = Math.min(end, text.length);
  } else {
    end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    while (end > start && /[\s,}]/.test(text[end - 1] as string)) end--;
  }
  const value = text.slice(start, end);
  if (!hasAlnum(value) || isReference(value) || /^[|>][-+0-9]*$/.test(value)) return undefined;
  return { start, end };
}

// --- Kubernetes / ECS env entries: name: DB_PASSWORD, value: … ----------------------------------------------

const ENV_NAME_RE = /(?<![\w-])["']?name["']?[ \t]*:[ \t]*["']?([A-Za-z_][\w.-]{0,80})["']?/g;
/** The sibling `value` key: later on the same line (JSON) or on one of the next lines of the same entry (YAML). */
const ENV_VALUE_RE =
  /^(?:[ \t]*,[ \t]*|[ \t]*\r?\n(?:[ \t]*(?!-|["']?(?:value|name)["']?[ \t]*:)["']?[A-Za-z_][\w-]*["']?[ \t]*:[^\n]*\r?\n){0,2}?[ \t]*)["']?value["']?[ \t]*:[ \t]*/;

function* findEnvEntries(text: string): Iterable<Span> {
  for (const m of text.matchAll(ENV_NAME_RE)) {
    if (classifyKey(m[1] as string) === null) continue;
    const from = m.index + m[0].length;
    const tail = ENV_VALUE_RE.exec(text.slice(from, from + 400));
    if (!tail) continue;
    const span = scalarAt(text, from + tail[0].length);
    if (span) yield span;
  }
}

// --- Kubernetes Secret manifests: everything under data: / stringData: ---------------------------------------

const SECRET_KIND_RE = /^[ \t]*kind[ \t]*:[ \t]*["']?Secret["']?[ \t]*$/m;
const DATA_BLOCK_RE = /^([ \t]*)(?:data|stringData)[ \t]*:[ \t]*\r?\n/gm;

/** [start, end) of each YAML document (the text between `---` lines). */
function yamlDocuments(text: string): Array<[number, number]> {
  const docs: Array<[number, number]> = [];
  let from = 0;
  for (const m of text.matchAll(/^---[^\n]*$/gm)) {
    docs.push([from, m.index]);
    from = m.index + m[0].length;
  }
  docs.push([from, text.length]);
  return docs;
}

function* findSecretManifestData(text: string): Iterable<Span> {
  if (!text.includes('Secret') || !/[dD]ata[ \t]*:/.test(text)) return;
  for (const [docStart, docEnd] of yamlDocuments(text)) {
    const doc = text.slice(docStart, docEnd);
    if (!SECRET_KIND_RE.test(doc)) continue;
    for (const m of doc.matchAll(DATA_BLOCK_RE)) {
      const indent = (m[1] as string).length;
      let pos = m.index + m[0].length;
      // Every more-indented line belongs to the block; the value of each `key: value` (or block) is secret.
      while (pos < doc.length) {
        const nl = doc.indexOf('\n', pos);
        const lineEnd = nl < 0 ? doc.length : nl;
        const line = doc.slice(pos, lineEnd);
        const lineIndent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
        if (line.trim() !== '' && lineIndent <= indent) break;
        const kv = /^[ \t]*[^\s:#][^:\n]*:[ \t]*/.exec(line);
        if (kv && kv[0].length < line.trimEnd().length) {
          const s = docStart + pos + kv[0].length;
          const e = docStart + pos + line.trimEnd().length;
          const value = text.slice(s, e);
          if (!/^[|>][-+0-9]*$/.test(value) && hasAlnum(value) && !isReference(value)) yield { start: s, end: e };
        } else if (!kv && line.trim() !== '' && !line.trim().startsWith('#') && !isReference(line.trim())) {
          yield { start: docStart + pos + lineIndent, end: docStart + pos + line.trimEnd().length };
        }
        pos = lineEnd + 1;
      }
    }
  }
}

// --- key/value settings in XML config: <add key="Password" value="…" /> ----------------------------------------

const XML_SETTING_RE = /<add[ \t]+key[ \t]*=[ \t]*"([^"\n]{1,80})"[ \t]+value[ \t]*=[ \t]*"([^"\n]*)"/dgi;

function* findXmlSettings(text: string): Iterable<Span> {
  for (const m of text.matchAll(XML_SETTING_RE)) {
    const idx = m.indices?.[2];
    const value = m[2] as string;
    if (!idx || classifyKey((m[1] as string).replace(/^.*[:.]/, '')) === null) continue;
    if (hasAlnum(value) && !isReference(value) && !isPlaceholderValue(value)) yield { start: idx[0], end: idx[1] };
  }
}

// --- .netrc: machine HOST login USER password SECRET ---------------------------------------------------------

const NETRC_RE = /(?<![\w-])(?:machine[ \t]+\S+|default)(?:\s+(?:login|account|port)[ \t]+\S+)*\s+password[ \t]+(\S+)/dg;

function* findNetrc(text: string): Iterable<Span> {
  for (const m of text.matchAll(NETRC_RE)) {
    const idx = m.indices?.[1];
    if (idx && !isReference(m[1] as string) && !isPlaceholderValue(m[1] as string)) yield { start: idx[0], end: idx[1] };
  }
}

// --- YAML values over several lines under a secret-like key --------------------------------------------------

/**
 * A key with nothing after its colon but perhaps a block indicator or a comment, at the end of its line (usually
 * the whole line; text before it on the line is allowed, the block is measured against the line's indent).
 */
const OPEN_KEY_RE = /(?<![\w.-])["']?([A-Za-z_][\w.-]{0,80})["']?[ \t]*:[ \t]*([|>][-+0-9]*)?[ \t]*(?:#[^\n]*)?\r?\n/g;

function* findYamlBlocks(text: string): Iterable<Span> {
  if (!/:[ \t]*(?:[|>][-+0-9]*)?[ \t]*(?:#[^\n]*)?\r?\n[ \t]/.test(text)) return;
  // A key inside a block already walked is part of that value: walking it again would make nested blocks quadratic.
  let coveredUntil = 0;
  for (const m of text.matchAll(OPEN_KEY_RE)) {
    if (m.index < coveredUntil || classifyKey(m[1] as string) === null) continue;
    let lineStart = m.index;
    while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, m.index))?.[0].length ?? 0;
    const block = m[2] !== undefined;
    let pos = m.index + m[0].length;
    let start = -1;
    let end = -1;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      const lineEnd = nl < 0 ? text.length : nl;
      const line = text.slice(pos, lineEnd);
      const lineIndent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
      if (line.trim() !== '') {
        if (lineIndent <= indent) break;
        // Without | or > a nested mapping or list is structure (password: {min_length: 12}), not a value.
        if (start < 0 && !block && /^[ \t]*(?:-[ \t]|[^\s:]+[ \t]*:(?:[ \t]|$)|#)/.test(line)) break;
        if (start < 0) start = pos + lineIndent;
        end = lineEnd;
      }
      pos = lineEnd + 1;
    }
    coveredUntil = pos;
    if (start >= 0 && hasAlnum(text.slice(start, end))) {
      while (end > start && /\s/.test(text[end - 1] as string)) end--;
      yield { start, end };
    }
  }
}

// --- PuTTY private keys ----------------------------------------------------------------------------------------

const PUTTY_PRIVATE_RE = /Private-Lines:[ \t]*([0-9]{1,3})[ \t]*\r?\n/g;
const BASE64_LINE_RE = /[A-Za-z0-9+/=]+[ \t]*(?:\r?\n|$)/y;
const PUTTY_MAC_RE = /Private-(?:MAC|Hash):[ \t]*[0-9a-fA-F]+/y;

function* findPuttyKeys(text: string): Iterable<Span> {
  for (const m of text.matchAll(PUTTY_PRIVATE_RE)) {
    let pos = m.index + m[0].length;
    for (let n = Number(m[1]); n > 0 && pos < text.length; n--) {
      BASE64_LINE_RE.lastIndex = pos;
      if (!BASE64_LINE_RE.test(text)) break;
      pos = BASE64_LINE_RE.lastIndex;
    }
    PUTTY_MAC_RE.lastIndex = pos;
    if (PUTTY_MAC_RE.test(text)) pos = PUTTY_MAC_RE.lastIndex;
    let end = pos;
    while (end > m.index && /\s/.test(text[end - 1] as string)) end--;
    if (end > m.index + m[0].length) yield { start: m.index, end };
  }
}

export const CONFIG_FILE_RULES: readonly RuleImpl[] = [
  {
    kind: 'putty-private-key',
    description: 'Private half of a PuTTY key file (Private-Lines: N, the base64 lines, Private-MAC)',
    patterns: [PUTTY_PRIVATE_RE],
    find: findPuttyKeys,
  },
  {
    kind: 'k8s-secret-data',
    description: 'Values under data:/stringData: of a Kubernetes Secret manifest (kind: Secret in the same YAML document)',
    patterns: [DATA_BLOCK_RE],
    find: findSecretManifestData,
  },
  {
    kind: 'k8s-env-secret',
    description: 'Kubernetes/ECS env entry whose name says password/secret/token (name: DB_PASSWORD) and the value: that goes with it',
    patterns: [ENV_NAME_RE],
    find: findEnvEntries,
  },
  {
    kind: 'xml-setting-secret',
    description: '.NET / NuGet config setting whose key says password or secret: <add key="Password" value="…" />',
    patterns: [XML_SETTING_RE],
    find: findXmlSettings,
  },
  {
    kind: 'netrc-password',
    description: '.netrc entry: machine HOST login USER password SECRET (one line or several)',
    patterns: [NETRC_RE],
    find: findNetrc,
  },
  {
    kind: 'yaml-block-secret',
    description: 'Multi-line YAML value (| or > block, or a plain scalar on the next lines) under a password/secret/token key',
    patterns: [OPEN_KEY_RE],
    find: findYamlBlocks,
  },
];
