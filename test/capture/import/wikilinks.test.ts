import { describe, expect, it } from 'vitest';
import { resolveRelativeLinks, resolveWikilinks } from '../../../src/capture/import/wikilinks.js';

/** The folder's imported pages and the note each became, as the import flow answers from its aliases. */
const NOTES: Record<string, string> = { 'guide/intro': '../guide/intro-a1.md', 'guide/api': '../guide/api-b2.md', config: 'config-c3.md' };
const resolve = (target: string) => NOTES[target.replace(/\.md$/, '')];

describe('resolveRelativeLinks', () => {
  it.each<[string, string, string, string]>([
    ['a sibling page', 'guide/intro.md', 'See [the API](./api.md).', 'See [the API](../guide/api-b2.md).'],
    ['up a folder, anchor kept', 'guide/intro.md', '[config](../config.md#server)', '[config](config-c3.md#server)'],
    ['a page not imported becomes its label', 'guide/intro.md', 'Read [the plugin page](./plugins.md) first.', 'Read the plugin page first.'],
    ['an image becomes its alt text', 'guide/intro.md', '![diagram](./img/flow.png)', 'diagram'],
    ['a link that climbs out of the folder', 'intro.md', '[x](../../etc/passwd.md)', 'x'],
    [
      'web links and anchors stay',
      'guide/intro.md',
      '[web](https://vite.dev) [top](#top) [site](/guide/)',
      '[web](https://vite.dev) [top](#top) [site](/guide/)',
    ],
    ['inside fenced code nothing changes', 'guide/intro.md', '```\n[b](./api.md)\n```', '```\n[b](./api.md)\n```'],
    [
      'a label that holds a code span',
      'guide/intro.md',
      'Set [`build.outDir`](../config.md#build-outdir).',
      'Set [`build.outDir`](config-c3.md#build-outdir).',
    ],
    ['encoded names are followed', 'x.md', '[c](./config%2Emd)', '[c](config-c3.md)'],
  ])('%s', (_name, sourceFile, body, expected) => {
    expect(resolveRelativeLinks(body, sourceFile, resolve)).toBe(expected);
  });
});

describe('resolveWikilinks', () => {
  it.each<[string, string, string]>([
    ['a known page, with its label', '[[config|the config]]', '[the config](config-c3.md)'],
    ['an unknown page stays as written', '[[nowhere]]', '[[nowhere]]'],
    ['an embed stays as written', '![[config]]', '![[config]]'],
  ])('%s', (_name, body, expected) => {
    expect(resolveWikilinks(body, (target) => NOTES[target])).toBe(expected);
  });
});
