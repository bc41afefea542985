import fs from 'node:fs';
import type { AsPlainObject } from 'minisearch';
import { SEARCH_GLOBAL, type SearchData } from './search-model.js';
import type { SiteModel } from './site.js';

/** The bundled page script `npm run build` leaves beside this module. */
export function viewerScript(): string {
  const file = new URL('./search-client.js', import.meta.url);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file.pathname}: the viewer's script is missing; this install was built without "npm run build"`);
  }
}

/** Pure: the data script of the search: the CLI's index plus what a hit shows. */
export function searchDataScript(index: AsPlainObject, model: SiteModel): string {
  const notes: SearchData['notes'] = {};
  for (const siteNote of model.notes) {
    const { note } = siteNote;
    notes[note.id] = {
      title: note.title,
      type: note.type,
      topic: note.topic,
      status: note.status,
      updated: note.updated ?? note.created ?? '',
      page: siteNote.page,
      summary: siteNote.summary,
      stale: siteNote.stale.length > 0,
    };
  }
  const data: SearchData = { index, notes };
  // A separate classic script, not inline JSON: the CSP allows no inline script, and pages opened from disk cannot
  // fetch. JSON is valid JavaScript; escaping `<` keeps it inert even if someone inlines it later.
  return `globalThis.${SEARCH_GLOBAL} = ${JSON.stringify(data).replace(/</g, '\\u003c')};\n`;
}
