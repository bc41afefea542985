import { slugify } from '../store/id.js';

/** Path of a topic's layer-1 file (index/<topic>.md), relative to `.claude-memory/`. */
export const topicFile = (topic: string) => `index/${slugify(topic)}.md`;
