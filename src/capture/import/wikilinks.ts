/**
 * Pure: `[[target]]`, `[[target|label]]` and `[[target#heading]]` (Obsidian, Claude Code's auto memory) → ordinary
 * markdown links, which git hosts, editors and the viewer all follow. Targets `resolve` does not know, embeds
 * (`![[…]]`) and anything inside code are left as written.
 */

const WIKILINK = /(?<!!)\[\[([^\][|#\n]+)(#[^\][|\n]*)?(?:\|([^\][\n]+))?\]\]/g;
const CODE = /(```[\s\S]*?```|~~~[\s\S]*?~~~|`[^`\n]*`)/;

/** Escape what would end or break a link label. */
const label = (text: string) => text.replace(/[[\]\\]/g, '\\$&');

export function resolveWikilinks(body: string, resolve: (target: string) => string | undefined): string {
  if (!body.includes('[[')) return body;
  return body
    .split(CODE)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(WIKILINK, (whole, target: string, _heading: string | undefined, alias: string | undefined) => {
            const href = resolve(target.trim());
            return href ? `[${label((alias ?? target).trim())}](${encodeURI(href)})` : whole;
          }),
    )
    .join('');
}
