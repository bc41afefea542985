import fs from 'node:fs';
import type { Database, SqlValue } from 'sql.js';
import type { ObservationRow, SummaryRow } from './claude-mem.js';
import { applyWal } from './sqlite-wal.js';

/**
 * Reads claude-mem's SQLite database with sql.js (SQLite compiled to WebAssembly): nothing to build on install,
 * nothing native. The file is read once into memory with its WAL folded in, and never written.
 */

/** Past this a database is refused rather than loaded whole into memory. */
export const MAX_DB_BYTES = 2 * 1024 * 1024 * 1024 - 1;

const OBSERVATION_COLUMNS = [
  'id',
  'memory_session_id',
  'project',
  'type',
  'title',
  'subtitle',
  'narrative',
  'text',
  'facts',
  'concepts',
  'files_read',
  'files_modified',
  'created_at',
  'created_at_epoch',
] as const;
const SUMMARY_COLUMNS = [
  'id',
  'memory_session_id',
  'project',
  'request',
  'investigated',
  'learned',
  'completed',
  'next_steps',
  'notes',
  'files_read',
  'files_edited',
  'created_at',
  'created_at_epoch',
] as const;
/** Older schemas called the session column by its first name. */
const SESSION_ALIASES: Record<string, string> = { memory_session_id: 'sdk_session_id' };

export interface ClaudeMemRead {
  observations: ObservationRow[];
  summaries: SummaryRow[];
  /** Every project in the database with its number of observations, for a helpful message when none matched. */
  projects: Array<{ project: string; observations: number }>;
  walFrames: number;
}

function readFile(file: string): Uint8Array {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new Error(`${file}: cannot read the claude-mem database (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!stat.isFile()) throw new Error(`${file}: not a file`);
  if (stat.size > MAX_DB_BYTES) throw new Error(`${file}: ${stat.size} bytes, too large to read into memory`);
  return fs.readFileSync(file);
}

function columnsOf(db: Database, table: string): Set<string> {
  const result = db.exec(`PRAGMA table_info(${table})`)[0];
  return new Set(result ? result.values.map((row) => String(row[1])) : []);
}

/** A SELECT list naming each wanted column, or NULL for the ones this schema does not have. */
function selectList(wanted: readonly string[], present: Set<string>): string {
  return wanted
    .map((column) => {
      if (present.has(column)) return `"${column}"`;
      const alias = SESSION_ALIASES[column];
      return alias && present.has(alias) ? `"${alias}" AS "${column}"` : `NULL AS "${column}"`;
    })
    .join(', ');
}

function rows<T>(db: Database, sql: string, params: SqlValue[]): T[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out: T[] = [];
    while (statement.step()) out.push(statement.getAsObject() as T);
    return out;
  } finally {
    statement.free();
  }
}

/** Rows of the project `name` and of its worktrees (`name/<worktree>`), oldest first. */
export async function readClaudeMemDb(file: string, name: string): Promise<ClaudeMemRead> {
  const main = readFile(file);
  let wal: Uint8Array | undefined;
  try {
    wal = fs.readFileSync(`${file}-wal`);
  } catch {
    wal = undefined;
  }
  const { database, frames } = applyWal(main, wal);
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(database);
    db.exec('PRAGMA query_only = ON');
  } catch (err) {
    throw new Error(`${file}: not a readable SQLite database (${(err as Error).message})`);
  }
  try {
    const observationColumns = columnsOf(db, 'observations');
    if (!observationColumns.size) throw new Error(`${file}: no "observations" table; is this claude-mem's database?`);
    const summaryColumns = columnsOf(db, 'session_summaries');
    const matches = (columns: Set<string>) =>
      `(project = ? OR substr(project, 1, length(?)) = ?${columns.has('merged_into_project') ? ' OR merged_into_project = ?' : ''})`;
    const params = (columns: Set<string>): SqlValue[] => [name, `${name}/`, `${name}/`, ...(columns.has('merged_into_project') ? [name] : [])];
    const observations = rows<ObservationRow>(
      db,
      `SELECT ${selectList(OBSERVATION_COLUMNS, observationColumns)} FROM observations WHERE ${matches(observationColumns)} ORDER BY id`,
      params(observationColumns),
    );
    const summaries = summaryColumns.size
      ? rows<SummaryRow>(
          db,
          `SELECT ${selectList(SUMMARY_COLUMNS, summaryColumns)} FROM session_summaries WHERE ${matches(summaryColumns)} ORDER BY id`,
          params(summaryColumns),
        )
      : [];
    const projects = rows<{ project: string; observations: number }>(
      db,
      'SELECT project, count(*) AS observations FROM observations GROUP BY project ORDER BY observations DESC, project',
      [],
    );
    return { observations, summaries, projects, walFrames: frames };
  } catch (err) {
    if ((err as Error).message.startsWith(file)) throw err;
    throw new Error(`${file}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}
