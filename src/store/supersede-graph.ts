/**
 * The "replaced by" graph of notes: an edge OLD → NEW for every `supersededBy: NEW` on OLD and every `supersedes:
 * [OLD]` on NEW. Pure; `supersede` refuses an edge that would close a cycle, `lint` reports cycles already there
 * (two teammates superseding each other's notes), and `consolidate` lists chains.
 */
import type { Note } from '../core/types.js';

export type SupersedeGraph = Map<string, Set<string>>;

type GraphNote = Pick<Note, 'id' | 'supersedes' | 'data'>;

/** Pure: the graph of a set of notes; links to ids no note has are kept (lint reports them elsewhere). */
export function supersedeGraph(notes: readonly GraphNote[]): SupersedeGraph {
  const graph: SupersedeGraph = new Map();
  const edge = (from: string, to: string) => {
    if (from === to) return;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  };
  for (const note of notes) {
    const by = note.data?.supersededBy;
    if (typeof by === 'string' && by) edge(note.id, by);
    for (const old of note.supersedes) edge(old, note.id);
  }
  return graph;
}

/** Pure: the path from `from` to `to` along "replaced by" edges, or undefined when there is none. */
export function replacementPath(graph: SupersedeGraph, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const current = queue.shift()!;
    if (current === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
      return path;
    }
    for (const next of graph.get(current) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, current);
      queue.push(next);
    }
  }
  return undefined;
}

/**
 * Pure: the cycles in the graph, each once, as the ids around it (starting from its smallest id). Iterative, so a
 * long chain in notes from elsewhere cannot overflow the stack.
 */
export function supersedeCycles(graph: SupersedeGraph): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  for (const root of [...graph.keys()].sort()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const pending: string[][] = [[...(graph.get(root) ?? [])].sort().reverse()];
    state.set(root, 'open');
    while (path.length) {
      const next = pending.at(-1)!.pop();
      if (next === undefined) {
        state.set(path.pop()!, 'done');
        pending.pop();
        continue;
      }
      if (state.get(next) === 'open') {
        const cycle = path.slice(path.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join(' → '), rotated);
      } else if (!state.has(next)) {
        state.set(next, 'open');
        path.push(next);
        pending.push([...(graph.get(next) ?? [])].sort().reverse());
      }
    }
  }
  return [...cycles.values()];
}

const MAX_CHAINS = 500;
const MAX_CHAIN_LENGTH = 50;

/**
 * Pure: chains of two or more replacements (A → B → C), each from a note nothing replaced to the end of its line;
 * at most 500 chains of at most 50 notes, so a tangle of links stays cheap to list.
 */
export function supersedeChains(graph: SupersedeGraph): string[][] {
  const replaced = new Set([...graph.values()].flatMap((targets) => [...targets]));
  const chains: string[][] = [];
  const stack: string[][] = [...graph.keys()]
    .filter((id) => !replaced.has(id))
    .sort()
    .reverse()
    .map((id) => [id]);
  while (stack.length && chains.length < MAX_CHAINS) {
    const path = stack.pop()!;
    const nexts = path.length >= MAX_CHAIN_LENGTH ? [] : [...(graph.get(path.at(-1)!) ?? [])].filter((next) => !path.includes(next)).sort();
    if (nexts.length === 0) {
      if (path.length >= 3) chains.push(path);
      continue;
    }
    for (const next of nexts.reverse()) stack.push([...path, next]);
  }
  return chains;
}
