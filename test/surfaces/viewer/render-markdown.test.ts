import { describe, expect, it } from 'vitest';
import { escapeHtml, html, page, raw } from '../../../src/surfaces/viewer/html.js';
import { renderMarkdown } from '../../../src/surfaces/viewer/render-markdown.js';
import { HOSTILE_BODY } from './viewer-repo.js';

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

  it('resolves relative links through the caller and keeps only the text of the rest', () => {
    const out = renderMarkdown('[other](../x/other.md), [code](../../src/a.ts), [web](https://example.com/a), [top](#part)', (href) => (href === '../x/other.md' ? '../notes/other.html' : undefined));
    expect(out).toBe('<p><a href="../notes/other.html">other</a>, code, <a href="https://example.com/a">web</a>, <a href="#part">top</a></p>');
  });
});

describe('page shell', () => {
  it('escapes interpolated text, passes raw HTML, and sets a strict CSP with no inline script', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p>${'<b>'}${raw('<i>ok</i>')}${undefined}${false}${['x'].map((v) => html`<span>${v}</span>`)}</p>`.html).toBe('<p>&lt;b&gt;<i>ok</i><span>x</span></p>');
    const out = page({ title: '<script>x</script>', base: '../', body: raw('<p>hi</p>'), scripts: ['assets/search.js'] });
    expect(out).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'">`);
    expect(out).toContain('<title>&lt;script&gt;x&lt;/script&gt; · project memory</title>');
    expect(out.match(/<script\b[^>]*>/g)).toEqual(['<script defer src="../assets/search.js">']);
    expect(out).not.toMatch(/<script[^>]*>[^<]/);
  });
});
