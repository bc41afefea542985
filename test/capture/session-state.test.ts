import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSessionState, writeSessionState } from '../../src/capture/session-state.js';
import { safeSession } from '../../src/surfaces/hooks/payload.js';
import { tempRepo } from '../helpers/temp-repo.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

describe('session state', () => {
  it('round-trips, one file per session, and reads garbage as a new session', () => {
    const root = tempRepo({ initMemory: true });
    cleanup.push(root);
    writeSessionState(root, { sessionId: 'a', given: ['n1', 'n2'], compressStartedAt: 1200 });
    writeSessionState(root, { sessionId: 'b', given: ['n3'] });
    expect(readSessionState(root, 'a')).toEqual({ sessionId: 'a', given: ['n1', 'n2'], compressStartedAt: 1200 });
    expect(readSessionState(root, 'b').given).toEqual(['n3']);
    expect(readSessionState(root, 'c')).toEqual({ sessionId: 'c', given: [] });
    const dir = path.join(root, '.claude-memory', '.cache', 'sessions');
    expect(fs.readdirSync(dir).sort()).toEqual(['a.json', 'b.json']);
    fs.writeFileSync(path.join(dir, 'a.json'), '\u0000{not json');
    expect(readSessionState(root, 'a')).toEqual({ sessionId: 'a', given: [] });
  });

  it('only file-name-safe session ids are used', () => {
    expect(safeSession('74e5d79a-0c1b-4f5e-9d2a-1b2c3d4e5f60')).toBe('74e5d79a-0c1b-4f5e-9d2a-1b2c3d4e5f60');
    expect(safeSession('../../etc/passwd')).toBe('etcpasswd');
    expect(safeSession('../..')).toBeUndefined();
    expect(safeSession(42)).toBeUndefined();
  });
});
