import path from 'node:path';
import { decodeLinkTarget } from '../../core/paths.js';
/**
 * Pure: `[[target]]`, `[[target|label]]` and `[[target#heading]]` (Obsidian, Claude Code's auto memory) → ordinary
 * markdown links, which git hosts, editors and the viewer all follow. Targets `resolve` does not know, embeds
 * (`![[…]]`) and anything inside code are left as written.
 */

const WIKILINK = /(?<!!)\[\[([^\][|#\n]+)(#[^\][|\n]*)?(?:\|([^\][\n]+))?\]\]/g;
const CODE = /(```[\s\S]*?```|~~~[\s\S]*?~~~|`[^`\n]*`)/;
const FENCED = /(```[\s\S]*?```|~~~[\s\S]*?~~~)/;

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

/** `[label](target)` and `![alt](target)` whose target is relative: no scheme, not `#…`, not `/…`. */
const RELATIVE_LINK = /(!?)\[([^\]\n]*)\]\((?![a-z][a-z0-9+.-]*:|#|\/)([^)\s]+)(\s+"[^"\n]*")?\)/gi;

/**
 * Pure: the relative links of a file imported from a folder, made to work from the note it became. `resolve` gets
 * the target's path in the source folder (resolved against `sourceFile`'s folder, anchor and query dropped) and
 * answers the href to use from the note, or undefined when the target was not imported: such a link (an image, a
 * page left out, a file of the source project) is replaced by its label, so the note holds no link that leads
 * nowhere. Links inside fenced code are left as written.
 */
export function resolveRelativeLinks(body: string, sourceFile: string, resolve: (target: string) => string | undefined): string {
  if (!body.includes('](')) return body;
  const dir = sourceFile.includes('/') ? sourceFile.slice(0, sourceFile.lastIndexOf('/')) : '';
  // Fenced blocks only: a link's label often holds a code span (`[\`build.outDir\`](./build.md)`).
  return body
    .split(FENCED)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(RELATIVE_LINK, (_whole, bang: string, text: string, target: string, title: string | undefined) => {
            const file = decodeLinkTarget(target.split(/[#?]/)[0]!);
            // Resolved within the source folder; a target that climbs out of it leads to no imported page.
            const joined = file ? path.posix.normalize(dir ? `${dir}/${file}` : file).replace(/^\.\//, '') : undefined;
            const href = joined === undefined || joined === '..' || joined.startsWith('../') || joined.startsWith('/') ? undefined : resolve(joined);
            if (href && !bang) return `[${text}](${encodeURI(href)}${target.includes('#') ? target.slice(target.indexOf('#')) : ''}${title ?? ''})`;
            return text;
          }),
    )
    .join('');
}
