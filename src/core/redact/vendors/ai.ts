/** AI model providers and their tooling. See code-hosting.ts for where the facts come from. */
import type { PrefixedToken } from '../match-rule.js';
import { B, exact, token } from './pattern.js';

export const AI_TOKENS: readonly PrefixedToken[] = [
  {
    kind: 'anthropic-api-key',
    description: 'Anthropic API, admin or OAuth key (sk-ant-…)',
    prefixes: ['sk-ant-'],
    pattern: token('sk-ant-[A-Za-z0-9_-]{20,}'),
  },
  {
    kind: 'openai-api-key',
    description: 'OpenAI-style key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…)',
    prefixes: ['sk-'],
    pattern: new RegExp(`${B}sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?([A-Za-z0-9_-]{20,})`, 'dg'),
    // CSS classes such as `sk-folding-cube-…` share the prefix but are words.
    checks: { digit: true, mixedCaseOrLong: 32 },
    checkGroup: 1,
  },
  {
    kind: 'huggingface-token',
    description: 'Hugging Face user access token (hf_) or organisation token (api_org_)',
    prefixes: ['hf_', 'api_org_'],
    pattern: /(?<![A-Za-z0-9_])(?:hf_[A-Za-z0-9]{30,}|api_org_[A-Za-z]{34}(?![A-Za-z0-9]))/g,
  },
  { kind: 'perplexity-api-key', description: 'Perplexity API key (pplx- + 48)', prefixes: ['pplx-'], pattern: exact('pplx-[A-Za-z0-9]{48}') },
  { kind: 'groq-api-key', description: 'Groq API key (gsk_ + 52)', prefixes: ['gsk_'], pattern: exact('gsk_[A-Za-z0-9]{52}') },
  { kind: 'replicate-api-token', description: 'Replicate API token (r8_ + 37)', prefixes: ['r8_'], pattern: exact('r8_[A-Za-z0-9]{37}') },
  { kind: 'xai-api-key', description: 'xAI (Grok) API key (xai- + 80)', prefixes: ['xai-'], pattern: exact('xai-[A-Za-z0-9]{80}') },
  {
    kind: 'langsmith-api-key',
    description: 'LangSmith personal or service key (lsv2_pt_, lsv2_sk_)',
    prefixes: ['lsv2_'],
    pattern: exact('lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}'),
  },
  { kind: 'pinecone-api-key', description: 'Pinecone API key (pcsk_)', prefixes: ['pcsk_'], pattern: token('pcsk_[A-Za-z0-9_]{50,}') },
];
