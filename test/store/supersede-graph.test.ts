import { describe, expect, it } from 'vitest';
import { replacementPath, supersedeChains, supersedeCycles, supersedeGraph } from '../../src/store/supersede-graph.js';

const n = (id: string, supersededBy?: string, supersedes: string[] = []) => ({ id, supersedes, data: supersededBy ? { supersededBy } : {} });

describe('the replaced-by graph', () => {
  it('takes edges from both sides of a link', () => {
    const graph = supersedeGraph([n('a', 'b'), n('c', undefined, ['b'])]);
    expect(Object.fromEntries([...graph].map(([k, v]) => [k, [...v]]))).toEqual({ a: ['b'], b: ['c'] });
  });

  it.each([
    ['direct', [n('a', 'b')], 'a', 'b', ['a', 'b']],
    ['through a chain', [n('a', 'b'), n('b', 'c'), n('d', undefined, ['c'])], 'a', 'd', ['a', 'b', 'c', 'd']],
    ['not backwards', [n('a', 'b')], 'b', 'a', undefined],
    ['not between strangers', [n('a', 'b'), n('c', 'd')], 'a', 'd', undefined],
  ])('finds a replacement path %s', (_what, notes, from, to, path) => {
    expect(replacementPath(supersedeGraph(notes), from, to)).toEqual(path);
  });

  it('finds each cycle once, from its smallest id', () => {
    expect(supersedeCycles(supersedeGraph([n('b', 'a'), n('a', 'b')]))).toEqual([['a', 'b']]);
    expect(supersedeCycles(supersedeGraph([n('c', 'a'), n('a', 'b'), n('b', 'c'), n('x', 'a')]))).toEqual([['a', 'b', 'c']]);
    expect(supersedeCycles(supersedeGraph([n('a', 'b'), n('b', 'c')]))).toEqual([]);
  });

  it('lists chains of two or more replacements', () => {
    expect(supersedeChains(supersedeGraph([n('a', 'b'), n('b', 'c'), n('x', 'y')]))).toEqual([['a', 'b', 'c']]);
  });

  it('walks a chain of 20,000 notes without running out of stack', () => {
    const notes = Array.from({ length: 20_000 }, (_, i) => n(`n${i}`, `n${i + 1}`));
    notes.push(n('n20000', 'n0'));
    const graph = supersedeGraph(notes);
    expect(supersedeCycles(graph)).toHaveLength(1);
    expect(replacementPath(graph, 'n0', 'n19999')).toHaveLength(20_000);
  });
});
