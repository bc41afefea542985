// The one place the benchmarks name files under dist/. When the layout of src/ (and so dist/) moves, edit this file
// and nothing else. Modules load lazily: a timing harness must not pay for code it does not run.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => path.join(ROOT, 'dist', file);
const load = (file) => import(pathToFileURL(dist(file)).href);

/** The CLI entry point Claude Code's hooks, the git hooks' installer and users run. */
export const CLI = dist('bin/claude-memory.cjs');

/** What bench/quality.mjs ranks with: the note reader, the search document and the shipped MiniSearch settings. */
export async function retrievalModules() {
  const [read, catalog, text] = await Promise.all([load('store/read.js'), load('index/catalog.js'), load('index/text.js')]);
  return {
    listNoteFiles: read.listNoteFiles,
    readNoteFile: read.readNoteFile,
    searchDoc: catalog.searchDoc,
    MINISEARCH_OPTIONS: text.MINISEARCH_OPTIONS,
    SEARCH_OPTIONS: text.SEARCH_OPTIONS,
    SEARCH_FIELDS: text.SEARCH_FIELDS,
    STORED_FIELDS: text.STORED_FIELDS,
  };
}

/** What bench/compression.mjs drives: the compression run and the project's token estimate. */
export async function compressionModules() {
  const [run, tokens] = await Promise.all([load('flows/compress-session.js'), load('core/tokens.js')]);
  return { compressTranscript: run.compressTranscript, estimateTokens: tokens.estimateTokens };
}
