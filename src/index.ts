export { openMemory, type Memory } from './surfaces/api/open-memory.js';
export type { Note, NewNote, SearchHit, Problem, NoteType, NoteStatus } from './core/types.js';
export { NOTE_TYPES, NOTE_STATUSES } from './core/types.js';
export type { CatalogEntry, ListFilter } from './index/catalog.js';
