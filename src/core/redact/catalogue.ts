/**
 * The detector catalogue. Order is priority: when spans overlap, the earliest rule names the merged finding, so
 * specific vendors beat structure and structure beats the generic heuristics.
 */
import type { RuleImpl, SecretRule } from './types.js';
import { ASSIGN_RE, FLAG_RE, XML_RE, assignmentsOf } from './assignments.js';
import { ENTROPY_TOKEN_RE, findHighEntropy } from './entropy.js';
import { COMMAND_LINE_RULE } from './command-line.js';
import { CONFIG_FILE_RULES } from './config-files.js';
import { CONNECTION_STRING_RULE } from './connection-strings.js';
import { vendorRules } from './match-rule.js';
import { PROSE_RULE } from './prose.js';
import { PEM_BEGIN_RE, PEM_END_RE, findPrivateKeys } from './private-keys.js';
import { GENERIC_STRUCTURE_RULES, LEADING_RULES, VENDOR_CONTEXT_RULES } from './structural.js';
import { AI_TOKENS } from './vendors/ai.js';
import { BUSINESS_TOKENS } from './vendors/business.js';
import { CLOUD_TOKENS } from './vendors/cloud.js';
import { CODE_HOSTING_TOKENS } from './vendors/code-hosting.js';
import { KEYED_TOKENS } from './vendors/keyed.js';
import { URL_RULES } from './urls.js';

const PRIVATE_KEY_RULE: RuleImpl = {
  kind: 'private-key',
  description: 'PEM/OpenSSH/PGP private key block from BEGIN to END (or to the end of its body when END is missing)',
  patterns: [PEM_BEGIN_RE, PEM_END_RE],
  find: findPrivateKeys,
};

const ASSIGNMENT_RULES: readonly RuleImpl[] = [
  {
    kind: 'password-assignment',
    description: 'Value assigned to a password-like key (PASSWORD=, DB_PASS:, "password": "…", --password x, <password>…)',
    patterns: [ASSIGN_RE, FLAG_RE, XML_RE],
    find: (text, ctx) => assignmentsOf(text, ctx, 'password-assignment'),
  },
  {
    kind: 'secret-assignment',
    description: 'Value assigned to a secret/token/api-key-like key (api_key = "…", client_secret:, SECRET_KEY=, token: …)',
    patterns: [ASSIGN_RE, FLAG_RE, XML_RE],
    find: (text, ctx) => assignmentsOf(text, ctx, 'secret-assignment'),
  },
];

const HIGH_ENTROPY_RULE: RuleImpl = {
  kind: 'high-entropy',
  description: 'Random-looking value (hex ≥32 chars ≥3.0 bits/char, or base64/alnum ≥20 chars above a length-scaled threshold) after =, : or a quote',
  patterns: [ENTROPY_TOKEN_RE],
  find: findHighEntropy,
};

const [URL_PASSWORD_RULE, URL_QUERY_RULE] = URL_RULES as [RuleImpl, RuleImpl];
const [PUTTY_RULE, ...LAYOUT_RULES] = CONFIG_FILE_RULES as [RuleImpl, ...RuleImpl[]];

export const RULES: readonly RuleImpl[] = [
  ...LEADING_RULES,
  PRIVATE_KEY_RULE,
  PUTTY_RULE,
  ...vendorRules([...CLOUD_TOKENS, ...CODE_HOSTING_TOKENS, ...AI_TOKENS, ...BUSINESS_TOKENS], KEYED_TOKENS),
  ...VENDOR_CONTEXT_RULES,
  URL_PASSWORD_RULE,
  ...GENERIC_STRUCTURE_RULES,
  ...ASSIGNMENT_RULES,
  // Shapes that only context gives away; after the assignments, which name the common cases more plainly.
  CONNECTION_STRING_RULE,
  URL_QUERY_RULE,
  COMMAND_LINE_RULE,
  ...LAYOUT_RULES,
  PROSE_RULE,
  HIGH_ENTROPY_RULE,
];

/** Priority of each kind (lower wins), for merging findings from separate scans. */
export const RANK: ReadonlyMap<string, number> = new Map(RULES.map((r, i) => [r.kind, i] as const));

/**
 * The catalogue as callers may audit it. Patterns are copies: matchAll
 * starts from a regex's `lastIndex`, so a caller exec()-ing the shared
 * objects could otherwise make later scans skip the start of the text.
 */
export const SECRET_RULES: readonly SecretRule[] = Object.freeze(
  RULES.map((r) =>
    Object.freeze({
      kind: r.kind,
      description: r.description,
      patterns: Object.freeze(r.patterns.map((re) => new RegExp(re.source, re.flags))),
    }),
  ),
);
