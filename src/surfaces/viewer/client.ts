import { loadSearch, SEARCH_GLOBAL, searchSite, type SearchData, type SiteHit } from './search-model.js';

/**
 * The viewer's only script, bundled by scripts/bundle-viewer.mjs into a classic script (pages opened from disk
 * cannot load modules). It reads `?q=` (and `&all=1`), searches with the CLI's ranking and lists the hits, built
 * with createElement and textContent only: note text never becomes markup. Typing updates the URL, so every
 * search can be linked to.
 *
 * The project compiles against Node's types only, so the few browser objects used here are declared here.
 */

interface Node {
  textContent: string | null;
  hidden: boolean;
  value: string;
  checked: boolean;
  className: string;
  href: string;
  append(...children: Array<Node | string>): void;
  replaceChildren(...children: Array<Node | string>): void;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
}
declare const document: {
  readyState: string;
  getElementById(id: string): Node | null;
  querySelector(selector: string): Node | null;
  createElement(tag: string): Node;
  addEventListener(type: string, listener: () => void): void;
};
declare const location: { search: string; pathname: string };
declare const history: { replaceState(state: null, title: string, url: string): void };

function element(tag: string, className: string, ...children: Array<Node | string>): Node {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function hitItem(hit: SiteHit): Node {
  const link = element('a', '', hit.title);
  link.href = hit.page;
  const item = element('li', '', link, ' ', element('span', 'badge', hit.type));
  if (hit.status !== 'active') item.append(' ', element('span', 'badge status', hit.status));
  if (hit.stale) item.append(' ', element('span', 'badge stale', 'stale'));
  item.append(' ', element('span', 'topic', hit.topic), ' ', element('span', 'score', hit.score.toFixed(2)));
  if (hit.summary && hit.summary !== hit.title) item.append(element('br', ''), element('span', 'summary', hit.summary));
  return item;
}

function start(): void {
  const data = (globalThis as Record<string, unknown>)[SEARCH_GLOBAL] as SearchData | undefined;
  const input = document.querySelector('form.search input[name="q"]');
  const section = document.getElementById('results');
  const title = document.getElementById('results-title');
  const list = document.getElementById('results-list');
  const all = document.getElementById('include-all');
  if (!data || !input || !section || !title || !list || !all) return;
  const search = loadSearch(data);
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  all.checked = params.get('all') === '1';

  const run = (updateUrl: boolean) => {
    const query = input.value.trim();
    section.hidden = !query;
    if (updateUrl)
      history.replaceState(null, '', query ? `${location.pathname}?q=${encodeURIComponent(query)}${all.checked ? '&all=1' : ''}` : location.pathname);
    if (!query) return;
    const hits = searchSite(search, data, query, { all: all.checked });
    title.textContent = hits.length
      ? `${hits.length}${hits.length === 50 ? '+' : ''} note${hits.length === 1 ? '' : 's'} for “${query}”, best first`
      : `No notes for “${query}”`;
    list.replaceChildren(...hits.map(hitItem));
  };
  input.addEventListener('input', () => run(true));
  all.addEventListener('change', () => run(true));
  run(false);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
