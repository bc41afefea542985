import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOf, isDateOnly, isNoteTimestamp, newestFirst, noteTimestamp, orderingTime, timeKey } from '../../src/core/time.js';
import { parseNote } from '../../src/store/parse.js';
import { serializeNote } from '../../src/store/serialize.js';
import { buildNote } from '../../src/store/notes.js';

describe('note times', () => {
  it('are written to the second in UTC, and read back as the same string', () => {
    const time = noteTimestamp(new Date('2026-11-23T10:15:30.789Z'));
    expect(time).toBe('2026-11-23T10:15:30Z');
    const text = serializeNote(buildNote({ title: 'T', type: 'fact' }, 't-1', time));
    expect(text).toContain('\ncreated: 2026-11-23T10:15:30Z\nupdated: 2026-11-23T10:15:30Z\n');
    const again = parseNote(text, '.claude-memory/notes/general/t-1.md', 't-1').note!;
    expect(again.created).toBe(time);
    expect(serializeNote(again)).toBe(text);
  });

  it.each([
    ['2026-11-23', '2026-11-23'],
    ['2026-11-23T10:15:30Z', '2026-11-23T10:15:30.000Z'],
    ['2026-11-23T10:15:30.250Z', '2026-11-23T10:15:30.250Z'],
    ['2026-11-23T12:15:30+02:00', '2026-11-23T10:15:30.000Z'],
    ['2026-11-23 10:15', new Date('2026-11-23 10:15').toISOString()],
    ['', ''],
    ['yesterday', ''],
    ['2026-1-5T10:00Z', ''],
  ])('timeKey(%j) is %j', (value, key) => {
    expect(timeKey(value)).toBe(key);
  });

  it('order mixed forms by real time; a bare date sorts before the times of its day, garbage last', () => {
    const notes = [
      { id: 'a', updated: '2026-11-23' },
      { id: 'b', updated: '2026-11-23T09:00:00Z' },
      { id: 'c', updated: '2026-11-23T11:00:00+03:00' }, // 08:00 UTC
      { id: 'd', updated: '2026-11-24' },
      { id: 'e', updated: 'soon' },
      { id: 'f', updated: '2026-11-23T09:00:00Z' },
    ];
    expect([...notes].sort(newestFirst).map((n) => n.id)).toEqual(['d', 'b', 'f', 'c', 'a', 'e']);
  });

  it('keys sort like the instants they stand for (property)', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) });
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: -12, max: 14 }), (a, b, offsetHours) => {
        const withOffset = (ms: number) => {
          const shifted = new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19);
          const sign = offsetHours < 0 ? '-' : '+';
          return `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
        };
        const ka = timeKey(noteTimestamp(new Date(a)));
        const kb = timeKey(withOffset(b));
        const sa = Math.floor(a / 1000);
        const sb = Math.floor(b / 1000);
        expect(Math.sign(ka.localeCompare(kb))).toBe(Math.sign(sa - sb));
      }),
    );
  });

  it('fall back to the commit time for a bare date of the same day, or no date at all', () => {
    expect(orderingTime('2026-11-23T10:00:00Z', '2026-11-23T12:00:00Z')).toBe('2026-11-23T10:00:00.000Z');
    expect(orderingTime('2026-11-23', '2026-11-23T12:00:00+00:00')).toBe('2026-11-23T12:00:00.000Z');
    expect(orderingTime('2026-11-23', '2026-11-25T12:00:00Z')).toBe('2026-11-23');
    expect(orderingTime(undefined, '2026-11-25T12:00:00Z')).toBe('2026-11-25T12:00:00.000Z');
    expect(orderingTime('2026-11-23')).toBe('2026-11-23');
    expect(isDateOnly('2026-11-23')).toBe(true);
    expect(isDateOnly('2026-11-23T10:00:00Z')).toBe(false);
    expect(dateOf('2026-11-23T10:00:00Z')).toBe('2026-11-23');
    expect(dateOf('whenever')).toBe('whenever');
  });
});

describe('isNoteTimestamp', () => {
  it.each([
    ['2026-11-23T10:15:30Z', true],
    ['2026-11-23', false],
    ['2026-11-23T10:15:30.123Z', false],
    ['2026-11-23T10:15:30+01:00', false],
    ['2026-11-23 10:15:30Z', false],
    ['', false],
  ])('%j is %s', (value, expected) => {
    expect(isNoteTimestamp(value)).toBe(expected);
  });

  it('accepts what noteTimestamp writes', () => {
    expect(isNoteTimestamp(noteTimestamp(new Date('2026-11-23T10:15:30.987Z')))).toBe(true);
  });
});
