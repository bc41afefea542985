import MiniSearch from 'minisearch';
import { openIndex } from './search-state.js';
import { MINISEARCH_OPTIONS, SEARCH_FIELDS, type SearchDoc } from './text.js';

type Plain = ReturnType<MiniSearch<SearchDoc>['toJSON']>;

/**
 * The whole index as one MiniSearch (the viewer ships it to the page, so in-page search ranks like the CLI): the
 * live rows in row order as MiniSearch's short ids, with the segments' postings, field lengths and the state's
 * document count and average lengths. Undefined when there is no index.
 */
export function loadWholeIndex(dir: string): MiniSearch<SearchDoc> | undefined {
  const index = openIndex(dir);
  if (!index) return undefined;
  try {
    const fields = SEARCH_FIELDS.length;
    const documentIds: Plain['documentIds'] = {};
    const fieldLength: Plain['fieldLength'] = {};
    const terms = new Map<string, Record<string, Record<string, number>>>();
    let next = 0;
    for (const { reader, deleted } of index.segments) {
      const ids = reader.ids();
      const lengths = reader.lengths();
      const shortId = new Int32Array(reader.rows).fill(-1);
      for (let row = 0; row < reader.rows; row++) {
        if (deleted && deleted[row >>> 3]! & (1 << (row & 7))) continue;
        shortId[row] = next;
        documentIds[next] = ids[row]!;
        fieldLength[next] = Array.from(lengths.subarray(row * fields, (row + 1) * fields));
        next++;
      }
      for (const entry of reader.allTerms()) {
        let byField = terms.get(entry.term);
        if (!byField) terms.set(entry.term, (byField = {}));
        for (const list of entry.fields) {
          const postings = reader.postings(list);
          const into = (byField[list.field] ??= {});
          for (let i = 0; i < postings.rows.length; i++) {
            const id = shortId[postings.rows[i]!]!;
            if (id >= 0) into[id] = postings.tf[i]!;
          }
        }
      }
    }
    const index_: Plain['index'] = [];
    for (const [term, byField] of terms) {
      for (const field of Object.keys(byField)) if (!Object.keys(byField[field]!).length) delete byField[field];
      if (Object.keys(byField).length) index_.push([term, byField]);
    }
    const plain: Plain = {
      documentCount: index.state.documentCount,
      nextId: next,
      documentIds,
      fieldIds: Object.fromEntries(SEARCH_FIELDS.map((field, i) => [field, i])),
      fieldLength,
      averageFieldLength: index.state.averageFieldLength,
      storedFields: {},
      dirtCount: 0,
      index: index_,
      serializationVersion: 2,
    };
    return MiniSearch.loadJS<SearchDoc>(plain, MINISEARCH_OPTIONS);
  } finally {
    index.close();
  }
}
