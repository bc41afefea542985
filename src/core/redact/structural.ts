/**
 * Rules recognised by their surroundings rather than a token prefix: cloud credentials inside JSON and
 * connection strings, signed URLs, tokens paired with an account id, URL passwords, HTTP headers and `-u user:pass`.
 */
import type { RuleImpl, Span } from './types.js';
import { isPlaceholderValue, isReference, looksLikeCode } from './keys.js';
import { matchRule } from './match-rule.js';
import { hasAlnum, hasDigit, looksLikePath } from './text-shape.js';
import { B } from './vendors/pattern.js';

/** Come first: their spans lie inside what the vendor and generic rules would name less precisely. */
export const LEADING_RULES: readonly RuleImpl[] = [
  matchRule(
    'gcp-service-account',
    'Google Cloud service-account JSON: the private_key and private_key_id fields',
    [/"private_key(?:_id)?"\s*:\s*"([^"\\]*(?:\\[\s\S][^"\\]*)*)"?/dg],
    { group: 1, accept: (v) => v.length >= 16 },
  ),
];

const MAILGUN_LEGACY_RE = new RegExp(`${B}key-[0-9a-f]{32}(?![A-Za-z0-9])`, 'g');
const MAILGUN_KEY_RE = new RegExp(`${B}[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}(?![A-Za-z0-9_-])`, 'g');
const MAILGUN_KEY_AT = new RegExp(MAILGUN_KEY_RE.source, 'y');

/**
 * The newer Mailgun key has no literal part but its dashes: a regex would be tried at every hex character, so
 * the scan goes from each `-` that has eight hex digits after it and 32 before.
 */
function* findMailgunKeys(text: string): Iterable<Span> {
  yield* matchRule('mailgun-api-key', '', [MAILGUN_LEGACY_RE]).find(text, {});
  let last = -1;
  for (let i = text.indexOf('-', 32); i >= 0; i = text.indexOf('-', i + 1)) {
    if (i - 32 <= last || !/^[0-9a-f]{8}-/.test(text.slice(i + 1, i + 10))) continue;
    MAILGUN_KEY_AT.lastIndex = i - 32;
    if (MAILGUN_KEY_AT.test(text)) {
      last = MAILGUN_KEY_AT.lastIndex;
      yield { start: i - 32, end: last };
    }
  }
}

/** Vendor credentials with no literal prefix of their own. */
export const VENDOR_CONTEXT_RULES: readonly RuleImpl[] = [
  matchRule(
    'aws-secret-key',
    'AWS secret access key: 40 base64 chars assigned to aws_secret_access_key/SecretAccessKey or paired with an access key id',
    [
      /(?<![A-Za-z0-9])(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|AWS Secret Access Key(?: \[[^\]\n]{0,40}\])?)["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
      /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}["']?[ \t]*[,:;|][ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg,
    ],
    { group: 1 },
  ),
  matchRule(
    'azure-storage-key',
    'Azure storage/service-bus AccountKey= or SharedAccessKey= in a connection string',
    [/(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)[ \t]*=[ \t]*([A-Za-z0-9+/]{20,}={0,2})/dgi],
    { group: 1 },
  ),
  matchRule(
    'url-signature',
    'Signed-URL credentials: Azure SAS sig=, AWS X-Amz-Signature/X-Amz-Security-Token, GCS X-Goog-Signature',
    [/[?&](?:sig|X-Amz-Signature|X-Amz-Security-Token|X-Goog-Signature|X-Goog-Credential|X-Amz-Credential)=([^&?\s"'#<>]{16,})/dgi],
    { group: 1 },
  ),
  matchRule(
    'twilio-auth-token',
    'Twilio auth token: 32 hex paired with an AC account SID, or assigned to TWILIO_AUTH_TOKEN/twilio api secret',
    [
      /(?<![A-Za-z0-9])AC[0-9a-f]{32}["']?[ \t]*[:,][ \t]*["']?([0-9a-f]{32})(?![A-Za-z0-9])/dg,
      /(?<![A-Za-z0-9])twilio_?(?:auth_?token|api_?secret)["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?([0-9A-Za-z]{32})(?![A-Za-z0-9])/dgi,
    ],
    { group: 1 },
  ),
  {
    kind: 'mailgun-api-key',
    description: 'Mailgun private API key (key-<32 hex> or <32 hex>-<8 hex>-<8 hex>)',
    patterns: [MAILGUN_LEGACY_RE, MAILGUN_KEY_RE],
    find: findMailgunKeys,
  },
  matchRule('discord-bot-token', 'Discord bot token (base64 user id . timestamp . hmac)', [
    /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
  ]),
  matchRule('telegram-bot-token', 'Telegram bot token (<bot id>:AA…)', [/(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_-]{32,}/g]),
];

/** Structure that names a credential whatever its vendor: JWTs, URL passwords, headers, `-u user:pass`. */
export const GENERIC_STRUCTURE_RULES: readonly RuleImpl[] = [
  matchRule('jwt', 'JSON Web Token (eyJ… . eyJ… . signature)', [new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, 'g')]),
  matchRule(
    'authorization-header',
    'Authorization / Proxy-Authorization header value (Bearer, Basic, token, Bot, Digest, …); the scheme is kept',
    [
      /(?<![A-Za-z0-9_-])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*(?:[fFrRbB]{0,2}["'`])?[ \t]*(?:(bearer|basic|token|bot|digest|negotiate|ntlm|apikey|api-key|key|sso-key|ssws|hmac|aws4-hmac-sha256|googlelogin)[ \t]+)?([^\s"'`][^"'`\n]*)/dgi,
    ],
    {
      group: 2,
      accept: (v, m) => {
        const value = v.trim();
        if (!hasAlnum(value) || isReference(value) || isPlaceholderValue(value)) return false;
        // `Bearer myToken`, `Basic ${creds}`: a variable's name, not its value.
        if (m[1] !== undefined) return !(/^[A-Za-z_$][\w$]*$/.test(value) && !/[0-9]/.test(value) && /[a-z][A-Z]/.test(value));
        if (/^(?:bearer|basic|token|bot|digest)$/i.test(value)) return false;
        return !looksLikeCode(value);
      },
    },
  ),
  matchRule(
    'bearer-token',
    'Bearer token outside an Authorization header (16+ token chars containing a digit)',
    [/(?<![A-Za-z0-9_-])[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/dg],
    { group: 1, accept: (v) => hasDigit(v) && !looksLikePath(v) },
  ),
  matchRule(
    'cookie',
    'Cookie / Set-Cookie header value (session cookies are bearer credentials)',
    [/(?<![A-Za-z0-9_-])(?:set-)?cookie["']?[ \t]*:[ \t]*["']?([^\s"'][^"'\n]*)/dgi],
    { group: 1, accept: (v) => /[A-Za-z0-9_-]=[^\s;]/.test(v) && !isReference(v) },
  ),
  matchRule(
    'cli-credential',
    'user:password given to -u/--user (curl, httpie, docker login style)',
    [/(?<![\w-])(?:-u|--user)[ \t]*["']?([^\s:'"`]+):([^\s'"`]+)/dg],
    {
      group: 2,
      // `docker run -u 1000:1000` is a uid:gid, not a credential.
      accept: (v, m) => !isReference(v) && !isPlaceholderValue(v.replace(/[.,;:)]+$/, '')) && !(/^[0-9]+$/.test(m[1] ?? '') && /^[0-9]+$/.test(v)),
    },
  ),
];
