import { describe, expect, it } from 'vitest';
import { escapeHtml, html, page, raw } from '../../../src/surfaces/viewer/html.js';
import { renderMarkdown } from '../../../src/surfaces/viewer/render-markdown.js';
import { mulberry32 } from '../../helpers/prng.js';
import { HOSTILE_BODY } from './viewer-repo.js';

/** The tags of serialised HTML with their attributes, read in order so attribute values are never taken for tags. */
function tagsOf(out: string): Array<{ name: string; attributes: Record<string, string> }> {
  const tags: Array<{ name: string; attributes: Record<string, string> }> = [];
  let rest = out;
  while (rest) {
    const text = /^[^<]+/.exec(rest);
    if (text) {
      rest = rest.slice(text[0].length);
      continue;
    }
    const tag = /^<\/?([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/.exec(rest);
    if (!tag) throw new Error(`a "<" that opens no tag: ${rest.slice(0, 40)}`);
    const attributes: Record<string, string> = {};
    for (const match of tag[2]!.matchAll(/([^\s"'>/=]+)(?:="([^"]*)")?/g)) attributes[match[1]!] = match[2] ?? '';
    tags.push({ name: tag[1]!, attributes });
    rest = rest.slice(tag[0].length);
  }
  return tags;
}

describe('renderMarkdown: note bodies as safe HTML', () => {
  it('renders markdown (GFM tables, code, lists, emphasis)', () => {
    const out = renderMarkdown('Some *emphasis* and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n```ts\nconst x = 1 < 2;\n```');
    expect(out).toContain('<em>emphasis</em>');
    expect(out).toContain('<table>');
    expect(out).toContain('<li>one</li>');
    expect(out).toContain('const x = 1 &#x3C; 2;');
  });

  it('leaves no raw HTML, handler, script URL, style or frame in hostile input', () => {
    const out = renderMarkdown(HOSTILE_BODY);
    expect(out).not.toMatch(/<(script|iframe|object|embed|svg|form|style|meta|img|link|base)\b/i);
    expect(out).not.toMatch(/\son\w+=/i);
    expect(out).not.toMatch(/(href|src|action)="\s*(javascript|data|vbscript):/i);
    expect(out).not.toMatch(/\sstyle=/i);
    expect(out).toContain('zanzibarquux');
    expect(out).toContain('[image: pixel]');
  });

  it('stays inert on seeded random mixes of markdown and hostile HTML', () => {
    const random = mulberry32(0xbad5eed);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const schemes = ['javascript:', 'JaVaScRiPt:', ' javascript:', 'java\tscript:', 'data:text/html,', 'vbscript:', 'https://ok.example/', '', '#', '../x.md'];
    const tags = ['script', 'img', 'svg', 'iframe', 'a', 'div', 'style', 'object', 'math', 'form', 'input', 'details', 'video'];
    const fragment = () =>
      pick([
        () => `<${pick(tags)} ${pick(['onerror', 'onload', 'onclick', 'style', 'href', 'src', 'formaction'])}="${pick(schemes)}alert(1)">x</${pick(tags)}>`,
        () => `[${pick(['a', 'b', '`c`'])}](${pick(schemes)}alert(1))`,
        () => `![i](${pick(schemes)}x.png)`,
        () => `<${pick(schemes)}alert(1)>`,
        () => `${pick(['- ', '1. ', '> ', '## ', '| a |\n|---|\n| '])}${pick(['text', '**bold**', '<b>b</b>'])}`,
        () => '```html\n<script>alert(1)</script>\n```',
        () => `[ref]: ${pick(schemes)}alert(1)\n\n[ref]`,
        () => '<!-- comment --><![CDATA[x]]>',
      ])();
    for (let i = 0; i < 400; i++) {
      const markdown = Array.from({ length: 1 + Math.floor(random() * 6) }, fragment).join(pick(['\n\n', '\n', ' ']));
      const out = renderMarkdown(markdown);
      const tags = tagsOf(out);
      expect(
        tags.map((tag) => tag.name).filter((name) => /^(script|iframe|object|embed|svg|math|form|input|style|img|video)$/i.test(name)),
        markdown,
      ).toEqual([]);
      expect(
        tags.flatMap((tag) => Object.keys(tag.attributes)).filter((name) => /^(on\w+|style|formaction)$/i.test(name)),
        markdown,
      ).toEqual([]);
      expect(
        tags.flatMap((tag) => [tag.attributes.href, tag.attributes.src]).filter((value) => value && /^\s*(java|data|vbscript)/i.test(value)),
        markdown,
      ).toEqual([]);
    }
  });

  it('resolves relative links through the caller and keeps only the text of the rest', () => {
    const out = renderMarkdown('[other](../x/other.md), [code](../../src/a.ts), [web](https://example.com/a), [top](#part)', (href) =>
      href === '../x/other.md' ? '../notes/other.html' : undefined,
    );
    expect(out).toBe('<p><a href="../notes/other.html">other</a>, code, <a href="https://example.com/a">web</a>, <a href="#part">top</a></p>');
  });
});

describe('page shell', () => {
  it('escapes interpolated text, passes raw HTML, and sets a strict CSP with no inline script', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p>${'<b>'}${raw('<i>ok</i>')}${undefined}${false}${['x'].map((v) => html`<span>${v}</span>`)}</p>`.html).toBe(
      '<p>&lt;b&gt;<i>ok</i><span>x</span></p>',
    );
    const out = page({ title: '<script>x</script>', base: '../', body: raw('<p>hi</p>'), scripts: ['assets/search.js'] });
    expect(out).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'">`,
    );
    expect(out).toContain('<title>&lt;script&gt;x&lt;/script&gt; · project memory</title>');
    expect(out.match(/<script\b[^>]*>/g)).toEqual(['<script defer src="../assets/search.js">']);
    expect(out).not.toMatch(/<script[^>]*>[^<]/);
  });
});
