import path from 'node:path';
import type { StaleReason } from '../../git/stale.js';
import { html, page, raw, type Raw } from './html.js';
import { renderMarkdown } from './render-markdown.js';
import { resolveNoteLink, type SiteModel, type SiteNote } from './site.js';

/** Pure: every HTML page of the viewer, keyed by its path from the site root. */

export const SEARCH_SCRIPTS = ['assets/search-index.js', 'assets/search.js'];
const RECENT = 20;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const baseOf = (pagePath: string) => '../'.repeat(pagePath.split('/').length - 1);
const href = (from: string, to: string) => path.posix.relative(path.posix.dirname(from), to) || path.posix.basename(to);

export function describeStale(reason: StaleReason): string {
  if (reason.kind === 'renamed') return `${reason.file} was renamed to ${reason.to}`;
  if (reason.kind === 'changed') return `${reason.file} changed heavily (${reason.churn} lines of ${reason.lines})`;
  if (reason.kind === 'missing') return `${reason.file} does not exist`;
  return `${reason.file} was deleted`;
}

function badges(siteNote: SiteNote): Raw {
  const { note } = siteNote;
  return html`<span class="badge type-${note.type.replace(/[^a-z]/g, '')}">${note.type}</span>${note.status !== 'active' ? html` <span class="badge status">${note.status}</span>` : ''}${siteNote.stale.length ? html` <span class="badge stale" title="${siteNote.stale.map(describeStale).join('; ')}">stale</span>` : ''}${note.data.pinned === true ? html` <span class="badge pinned">pinned</span>` : ''}`;
}

function noteItem(from: string, siteNote: SiteNote): Raw {
  const date = siteNote.note.updated ?? siteNote.note.created;
  return html`<li><a href="${href(from, siteNote.page)}">${siteNote.note.title}</a> ${badges(siteNote)}${date ? html` <time>${date}</time>` : ''}${siteNote.summary && siteNote.summary !== siteNote.note.title ? html`<br><span class="summary">${siteNote.summary}</span>` : ''}</li>\n`;
}

function noteList(from: string, notes: SiteNote[]): Raw {
  return notes.length ? html`<ul class="notes">\n${notes.map((siteNote) => noteItem(from, siteNote))}</ul>` : html`<p class="empty">None.</p>`;
}

function indexPage(model: SiteModel): string {
  const from = 'index.html';
  const active = model.notes.filter((siteNote) => siteNote.note.status === 'active');
  const stale = active.filter((siteNote) => siteNote.stale.length);
  const inactive = model.notes.length - active.length;
  const body = html`<h1>Project memory</h1>
<p class="lead">${plural(active.length, 'active note')} in ${plural(model.topics.length, 'topic')}${stale.length ? `, ${stale.length} may be stale` : ''}${inactive ? `; ${inactive} superseded or archived, kept for history` : ''}.</p>
<section id="results" hidden aria-live="polite"><h2 id="results-title">Search</h2><p class="search-options"><label><input type="checkbox" id="include-all"> include superseded and archived notes</label></p><ol id="results-list" class="notes"></ol></section>
<noscript><p class="empty">Search needs JavaScript; the topics below work without it.</p></noscript>
<h2>Topics</h2>
<ul class="topics">
${model.topics.map((topic) => html`<li><a href="${topic.page}">${topic.name}</a> <span class="count">${topic.notes.filter((siteNote) => siteNote.note.status === 'active').length}</span></li>\n`)}</ul>
<h2>Recently updated</h2>
${noteList(from, active.slice(0, RECENT))}
${stale.length ? html`<h2>May be stale</h2><p>The code these notes describe changed after they were written.</p>${noteList(from, stale)}` : ''}`;
  return page({ title: 'Overview', base: '', body, scripts: SEARCH_SCRIPTS });
}

function topicPage(model: SiteModel, topicIndex: number): [string, string] {
  const topic = model.topics[topicIndex]!;
  const active = topic.notes.filter((siteNote) => siteNote.note.status === 'active');
  const history = topic.notes.filter((siteNote) => siteNote.note.status !== 'active');
  const body = html`<nav class="crumbs"><a href="../index.html">Overview</a> › ${topic.name}</nav>
<h1>${topic.name}</h1>
<p class="lead">${plural(active.length, 'active note')}${history.length ? `, ${history.length} superseded or archived` : ''}.</p>
${noteList(topic.page, active)}
${history.length ? html`<h2>Superseded and archived</h2>${noteList(topic.page, history)}` : ''}`;
  return [topic.page, page({ title: topic.name, base: baseOf(topic.page), body })];
}

function provenanceBlock(siteNote: SiteNote): Raw {
  const last = siteNote.provenance;
  const history = siteNote.history ?? [];
  const lastLine = last
    ? html`<p>Last commit <code>${last.commit.slice(0, 10)}</code> by ${last.author} on <time>${last.date.slice(0, 10)}</time>.</p>`
    : html`<p>Not committed yet.</p>`;
  const verbs: Record<string, string> = { A: 'added', M: 'changed', D: 'deleted', R: 'renamed', C: 'copied' };
  const entries = history.map(
    (entry) =>
      html`<li><time>${entry.date.slice(0, 10)}</time> <code>${entry.commit.slice(0, 10)}</code> ${verbs[entry.status] ?? entry.status}${entry.from ? ` from ${entry.from}` : ''} by ${entry.author}: ${entry.subject}</li>\n`,
  );
  return html`<section class="provenance"><h2>Provenance</h2>${lastLine}${entries.length ? html`<ol class="history">\n${entries}</ol>` : ''}</section>`;
}

function notePage(model: SiteModel, siteNote: SiteNote): [string, string] {
  const { note } = siteNote;
  const from = siteNote.page;
  const topic = model.topics.find((candidate) => candidate.name === note.topic);
  const link = (id: string) => {
    const target = model.byId.get(id);
    return target ? html`<a href="${href(from, target.page)}">${target.note.title}</a>` : html`<code>${id}</code>`;
  };
  const supersededBy = typeof note.data.supersededBy === 'string' ? note.data.supersededBy : undefined;
  const banners: Raw[] = [];
  if (note.status === 'superseded')
    banners.push(
      html`<p class="banner superseded">Superseded${supersededBy ? html` by ${link(supersededBy)}` : ''}: kept for history, left out of the session context.</p>`,
    );
  if (note.status === 'archived')
    banners.push(html`<p class="banner archived">Archived${typeof note.data.archivedReason === 'string' ? `: ${note.data.archivedReason}` : ''}.</p>`);
  if (siteNote.stale.length)
    banners.push(
      html`<div class="banner stale"><p>May be stale: the code it describes changed after it was written.</p><ul>${siteNote.stale.map((reason) => html`<li>${describeStale(reason)}</li>`)}</ul></div>`,
    );
  const source = note.source
    ? Object.entries(note.source)
        .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
        .map(([key, value]) => `${key}: ${String(value)}`)
        .join(', ')
    : '';
  const facts: Array<[string, Raw | string | undefined]> = [
    ['id', html`<code>${note.id}</code>`],
    ['file', html`<code>${note.path}</code>`],
    ['tags', note.tags.length ? note.tags.join(', ') : undefined],
    ['about', note.files.length ? html`${note.files.map((file, i) => html`${i ? ', ' : ''}<code>${file}</code>`)}` : undefined],
    ['created', note.created],
    ['updated', note.updated],
    ['supersedes', note.supersedes.length ? html`${note.supersedes.map((id, i) => html`${i ? ', ' : ''}${link(id)}`)}` : undefined],
    ['source', source || undefined],
  ];
  const body = html`<nav class="crumbs"><a href="${baseOf(from)}index.html">Overview</a> › ${topic ? html`<a href="${href(from, topic.page)}">${note.topic}</a>` : note.topic}</nav>
<article>
<h1>${note.title}</h1>
<p>${badges(siteNote)}</p>
${banners}
<div class="body">${raw(renderMarkdown(note.body, (target) => resolveNoteLink(model, siteNote, target)))}</div>
<dl class="facts">${facts.filter(([, value]) => value !== undefined && value !== '').map(([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`)}</dl>
</article>
${provenanceBlock(siteNote)}`;
  return [from, page({ title: note.title, base: baseOf(from), body })];
}

export function buildPages(model: SiteModel): Map<string, string> {
  const pages = new Map<string, string>([['index.html', indexPage(model)]]);
  model.topics.forEach((_, i) => pages.set(...topicPage(model, i)));
  for (const siteNote of model.notes) pages.set(...notePage(model, siteNote));
  return pages;
}
