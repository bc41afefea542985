import type { ElementContent, Root } from 'hast';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/**
 * Pure: a note's markdown body → HTML that is safe to put in a page whatever the note says. Notes arrive by
 * `git pull` from anyone, so: raw HTML in the markdown is dropped (never passed through), relative links are
 * resolved by the caller or unwrapped to their text, and rehype-sanitize (GitHub's allow-list) runs last, so no
 * script, event handler, `javascript:` URL, style or frame can come out.
 */

/** What a relative link in a note leads to in the site: a page's href, or undefined to keep only the text. */
export type ResolveLink = (href: string) => string | undefined;

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

function unwrapLinks(resolve: ResolveLink) {
  const visit = (children: ElementContent[]): ElementContent[] =>
    children.flatMap((child): ElementContent[] => {
      if (child.type !== 'element') return [child];
      const element = child;
      element.children = visit(element.children);
      if (element.tagName === 'a') {
        const href = typeof element.properties.href === 'string' ? element.properties.href : '';
        if (ABSOLUTE.test(href) || href.startsWith('#')) return [element];
        const target = href ? resolve(href) : undefined;
        if (!target) return element.children;
        element.properties.href = target;
        return [element];
      }
      if (element.tagName === 'img') {
        // Images in a note point into the repository or the web; the site ships neither (and its CSP blocks the web).
        const src = typeof element.properties.src === 'string' ? element.properties.src : '';
        const alt = typeof element.properties.alt === 'string' ? element.properties.alt : '';
        return [{ type: 'text', value: alt ? `[image: ${alt}]` : `[image: ${src}]` }];
      }
      return [element];
    });
  return () => (tree: Root) => {
    tree.children = visit(tree.children as ElementContent[]);
  };
}

export function renderMarkdown(markdown: string, resolve: ResolveLink = () => undefined): string {
  return String(
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkRehype, { allowDangerousHtml: false })
      .use(unwrapLinks(resolve))
      .use(rehypeSanitize)
      .use(rehypeStringify)
      .processSync(markdown),
  );
}
