// Adds N notes through the built store, then refreshes the index: one of several concurrent writers.
import { addNote } from '../../dist/store/notes.js';
import { refresh } from '../../dist/index/refresh.js';

const [root, worker, count] = process.argv.slice(2);
const word = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'][Number(worker)];
for (let i = 0; i < Number(count); i++) {
  addNote(root, {
    title: `Worker ${worker} finding ${i}`,
    type: 'fact',
    topic: `topic-${i % 3}`,
    body: `Concurrent write ${worker}-${i} about the ${word} module.`,
  });
  if (i % 10 === 9) refresh(root, { mode: 'quick' });
}
refresh(root);
