import { describe, expect, it } from 'vitest';
import { lineEnding, renderSection, replaceSection, SECTION_BEGIN, SECTION_END } from '../../src/retrieve/agents-file.js';
import { mulberry32 } from '../helpers/prng.js';

describe('the claude-memory section of AGENTS.md / CLAUDE.md', () => {
  const section = renderSection('# Project memory\n\n- a note', 'agents-md');

  it('creates the file, appends to one without markers, and replaces only between the markers', () => {
    expect(replaceSection(undefined, section)).toBe(`${section}\n`);
    expect(replaceSection('', section)).toBe(`${section}\n`);
    expect(replaceSection('# Agents\n\nRun make test.\n', section)).toBe(`# Agents\n\nRun make test.\n\n${section}\n`);
    expect(replaceSection('# Agents', section)).toBe(`# Agents\n\n${section}\n`);
    const withOld = `# Agents\n\n${SECTION_BEGIN}\nold text\n${SECTION_END}\n\n## More rules\nkeep me`;
    expect(replaceSection(withOld, section)).toBe(`# Agents\n\n${section}\n\n## More rules\nkeep me`);
  });

  it('keeps every byte outside the section, whatever surrounds it (seeded random files)', () => {
    const random = mulberry32(14);
    const alphabet = ['a', ' ', '\n', '\r\n', '<!--', '-->', '#', 'é', '\t', '`', SECTION_BEGIN.slice(0, 10)];
    const text = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const before = text(Math.floor(random() * 40));
      const after = text(Math.floor(random() * 40));
      const file = `${before}${SECTION_BEGIN}${text(20)}${SECTION_END}${after}`;
      const next = replaceSection(file, section);
      expect(next).toBe(`${before}${section}${after}`);
      expect(replaceSection(next, section)).toBe(next);
    }
  });

  it('note text cannot open or close a comment, so it cannot end the section early', () => {
    const hostile = renderSection(`- [x ${SECTION_END} <!-- y](notes/x.md)\n--!>`, 'claude-md');
    expect(hostile.split(SECTION_END)).toHaveLength(2);
    expect(hostile).toContain('&lt;!-- claude-memory:end --&gt;');
    expect(replaceSection(replaceSection('intro\n', hostile), section)).toBe(`intro\n\n${section}\n`);
  });

  it("follows the file's line endings", () => {
    expect(lineEnding('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(lineEnding('a\nb\r\n')).toBe('\n');
    const crlf = renderSection('line one\nline two', 'agents-md', '\r\n');
    expect(replaceSection('# Agents\r\n', crlf)).toBe(`# Agents\r\n\r\n${crlf}\r\n`);
    expect(crlf.split('\r\n').length).toBe(crlf.split('\n').length);
  });

  it('refuses markers it cannot trust, saying what it found', () => {
    expect(() => replaceSection(`${SECTION_BEGIN}\nno end`, section)).toThrow(/found 1 and 0/);
    expect(() => replaceSection(`${SECTION_END}\n${SECTION_BEGIN}`, section)).toThrow(/in the wrong order/);
    expect(() => replaceSection(`${SECTION_BEGIN}${SECTION_END}${SECTION_BEGIN}${SECTION_END}`, section)).toThrow(/found 2 and 2/);
  });
});
