import { loadSentenceEmbedder, sentenceModelInstalled, type ModuleLoader, type SentenceEmbedder } from './embedder.js';

/**
 * Whether this process searches by meaning too, and the one sentence model it loads for that.
 *
 * The model is optional by design: without its packages, or with `CLAUDE_MEMORY_EMBEDDINGS=off`, everything works
 * lexically. A package that is installed but broken degrades the same way, with the reason in the log.
 */

/** `off` (or 0, false, no, lexical) turns the sentence model off for every process that sees it. */
export const EMBEDDINGS_ENV = 'CLAUDE_MEMORY_EMBEDDINGS';
const OFF = new Set(['off', '0', 'false', 'no', 'lexical']);

export type EmbeddingsMode = 'hybrid' | 'off' | 'not-installed';

/** Cheap (a few module resolutions, nothing loaded): what `stats` reports and what decides whether to embed at all. */
export function embeddingsMode(env: NodeJS.ProcessEnv = process.env, installed: () => boolean = sentenceModelInstalled): EmbeddingsMode {
  if (OFF.has((env[EMBEDDINGS_ENV] ?? '').trim().toLowerCase())) return 'off';
  return installed() ? 'hybrid' : 'not-installed';
}

/** Why search is lexical, in words for `stats` and the log. */
export function lexicalReason(mode: Exclude<EmbeddingsMode, 'hybrid'>): string {
  return mode === 'off' ? `${EMBEDDINGS_ENV}=off` : 'the optional @energetic-ai sentence model packages are not installed';
}

/** Why the model is not there: `missing` is a normal install without optional packages, `broken` is worth a warning. */
export type Unavailable = (reason: string, kind: 'missing' | 'broken') => void;

let shared: Promise<SentenceEmbedder | undefined> | undefined;

/**
 * The process's sentence model, loaded on the first call and kept (the MCP server asks on every search; the model
 * costs about 0.5–1 s and 200 MB to load). Undefined when the model is switched off, not installed, or would not
 * load; the reason goes to `onUnavailable` once per process, from the call that tried (the switch is not reported:
 * whoever set it knows).
 */
export function sharedEmbedder(onUnavailable: Unavailable, options: { load?: ModuleLoader } = {}): Promise<SentenceEmbedder | undefined> {
  if (shared) return shared;
  const mode = embeddingsMode();
  if (mode === 'off') return Promise.resolve(undefined);
  if (mode === 'not-installed') {
    onUnavailable(lexicalReason(mode), 'missing');
    shared = Promise.resolve(undefined);
  } else shared = loadSentenceEmbedder({ load: options.load, onUnavailable: (reason) => onUnavailable(reason, 'broken') });
  return shared;
}
