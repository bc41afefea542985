import fs from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { applyWal } from '../../../src/capture/import/sqlite-wal.js';
import { mulberry32 } from '../../helpers/prng.js';
import { PROJECT_ROOT } from '../../helpers/temp-repo.js';

const fixtures = path.join(PROJECT_ROOT, 'test/fixtures/claude-mem');
const main = new Uint8Array(fs.readFileSync(path.join(fixtures, 'acme-shop-v13.25.3-live.db')));
const wal = new Uint8Array(fs.readFileSync(path.join(fixtures, 'acme-shop-v13.25.3-live.db-wal')));
const FRAME = 24 + 4096;

async function titles(database: Uint8Array): Promise<string[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(database);
  try {
    const result = db.exec("SELECT title, narrative FROM observations WHERE project = 'acme-shop' ORDER BY id")[0];
    return result ? result.values.map((row) => `${String(row[0])} | ${String(row[1])}`) : [];
  } catch (err) {
    return [`error: ${(err as Error).message}`];
  } finally {
    db.close();
  }
}

describe('applyWal: reading a database claude-mem has open (WAL mode)', () => {
  it('the main file alone misses the rows still in the WAL; with the WAL folded in they are there', async () => {
    const without = await titles(applyWal(main, undefined).database);
    const folded = applyWal(main, wal);
    expect(folded.frames).toBeGreaterThan(0);
    const withWal = await titles(folded.database);
    expect(withWal.some((row) => row.startsWith('Order emails go through the job queue'))).toBe(true);
    expect(withWal.some((row) => row.endsWith('Verified in production.'))).toBe(true);
    expect(without.some((row) => row.startsWith('Order emails'))).toBe(false);
    expect(withWal.length).toBe(without.length + 1);
  });

  it('the copy is a plain database (rollback journal) and the inputs are not modified', () => {
    const before = Buffer.from(main).toString('base64');
    const { database } = applyWal(main, wal);
    expect([database[18], database[19]]).toEqual([1, 1]);
    expect(Buffer.from(main).toString('base64')).toBe(before);
  });

  it('a WAL cut anywhere keeps exactly the transactions committed before the cut', async () => {
    // The fixture's WAL holds two transactions: frames 1-12 insert a row, frame 13 changes another.
    const states = [
      await titles(applyWal(main, undefined).database),
      await titles(applyWal(main, wal.subarray(0, 32 + 12 * FRAME)).database),
      await titles(applyWal(main, wal).database),
    ];
    expect(new Set(states.map((state) => JSON.stringify(state))).size).toBe(3);
    expect((wal.length - 32) / FRAME).toBe(13);
    const expected = (cut: number) => (cut < 32 + 12 * FRAME ? 0 : cut < 32 + 13 * FRAME ? 1 : 2);
    for (const cut of [
      0,
      10,
      32,
      32 + FRAME - 1,
      32 + FRAME,
      32 + 6 * FRAME + 7,
      32 + 12 * FRAME - 1,
      32 + 12 * FRAME,
      32 + 12 * FRAME + 100,
      wal.length - 1,
      wal.length,
    ]) {
      expect(await titles(applyWal(main, wal.subarray(0, cut)).database), `cut at ${cut}`).toEqual(states[expected(cut)]);
    }
  });

  it('a frame with a bad checksum ends the WAL there; a WAL from another generation (salts) is ignored', async () => {
    const base = await titles(applyWal(main, undefined).database);
    const lastFrame = wal.slice();
    lastFrame[32 + 12 * FRAME + 24 + 5]! ^= 0xff; // the second transaction's only frame
    expect(applyWal(main, lastFrame).frames).toBe(12);
    const corrupt = wal.slice();
    corrupt[32 + 24 + 100]! ^= 0xff; // a byte of the first frame's page
    expect(applyWal(main, corrupt).frames).toBe(0);
    expect(await titles(applyWal(main, corrupt).database)).toEqual(base);
    const otherSalt = wal.slice();
    otherSalt[32 + 8]! ^= 0x01; // the first frame's salt no longer matches the header
    expect(applyWal(main, otherSalt).frames).toBe(0);
    const badMagic = wal.slice();
    badMagic[3] = 0;
    expect(applyWal(main, badMagic).frames).toBe(0);
  });

  it('any flipped byte in the WAL (seeded) leaves a state some prefix of its transactions produced, never a torn one', async () => {
    const states = [
      await titles(applyWal(main, undefined).database),
      await titles(applyWal(main, wal.subarray(0, 32 + 12 * FRAME)).database),
      await titles(applyWal(main, wal).database),
    ].map((state) => JSON.stringify(state));
    const random = mulberry32(0x3a1);
    for (let i = 0; i < 60; i++) {
      const damaged = wal.slice();
      const at = Math.floor(random() * damaged.length);
      damaged[at]! ^= 1 + Math.floor(random() * 255);
      const result = JSON.stringify(await titles(applyWal(main, damaged).database));
      expect(states, `byte ${at}`).toContain(result);
    }
  });
});
