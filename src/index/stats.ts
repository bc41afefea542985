import fs from 'node:fs';
import path from 'node:path';
import { cacheLayout } from '../cache/layout.js';
import { memoryPaths } from '../core/paths.js';
import { estimateTokens } from '../core/tokens.js';
import { readCatalog, refresh } from './refresh.js';
import { embeddingsMode, lexicalReason, type EmbeddingsMode } from './embeddings/availability.js';
import { SENTENCE_MODEL } from './embeddings/embedder.js';
import { countEmbedded } from './embeddings/note-vectors.js';

export interface MemoryStats {
  notes: number;
  byType: Record<string, number>;
  byTopic: Record<string, number>;
  byStatus: Record<string, number>;
  tokens: { layer0: number; layer1: number; notes: number };
  cacheBytes: number;
  problems: number;
  /** Which search is active: hybrid (words and meaning) needs the optional sentence model. */
  search: { mode: EmbeddingsMode; model?: string; reason?: string; notesWithVectors: number };
}

const count = (values: string[]) => {
  const out: Record<string, number> = {};
  for (const value of values.sort()) out[value] = (out[value] ?? 0) + 1;
  return out;
};

function fileTokens(file: string): number {
  try {
    return estimateTokens(fs.readFileSync(file, 'utf8'));
  } catch {
    return 0;
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

function searchMode(root: string, catalog: Parameters<typeof countEmbedded>[2]): MemoryStats['search'] {
  const mode = embeddingsMode();
  if (mode !== 'hybrid') return { mode, reason: lexicalReason(mode), notesWithVectors: 0 };
  return { mode, model: SENTENCE_MODEL.id, notesWithVectors: countEmbedded(root, SENTENCE_MODEL, catalog) };
}

export function memoryStats(root: string): MemoryStats {
  const result = refresh(root);
  const paths = memoryPaths(root);
  const catalog = readCatalog(root);
  let layer1 = 0;
  try {
    for (const name of fs.readdirSync(paths.topicIndexDir)) layer1 += fileTokens(path.join(paths.topicIndexDir, name));
  } catch {
    // no topic files yet
  }
  return {
    notes: catalog.length,
    byType: count(catalog.map((entry) => entry.type)),
    byTopic: count(catalog.map((entry) => entry.topic)),
    byStatus: count(catalog.map((entry) => entry.status)),
    tokens: { layer0: fileTokens(paths.indexFile), layer1, notes: catalog.reduce((sum, entry) => sum + entry.tokens, 0) },
    cacheBytes: folderBytes(cacheLayout(root).dir),
    problems: result.problems.length,
    search: searchMode(root, catalog),
  };
}
