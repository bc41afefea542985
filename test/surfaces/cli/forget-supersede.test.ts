import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliSync, tempRepo } from '../../helpers/temp-repo.js';

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const root = tempRepo({ initMemory: true });
  repos.push(root);
  return root;
}

function add(root: string, title: string): { id: string; path: string } {
  return JSON.parse(runCliSync(root, ['add', '--title', title, '--type', 'decision', '--body', `${title}.`, '--json']).stdout) as { id: string; path: string };
}

const search = (root: string, query: string, all = false) =>
  (JSON.parse(runCliSync(root, ['search', query, '--json', ...(all ? ['--all'] : [])]).stdout) as Array<{ id: string }>).map((hit) => hit.id);

describe('claude-memory forget', () => {
  it('archives the note with its reason: it leaves search but stays on disk', () => {
    const root = repo();
    const note = add(root, 'Deploys happen on Fridays');
    expect(search(root, 'fridays')).toEqual([note.id]);
    const result = runCliSync(root, ['forget', note.id, '--reason', 'we deploy continuously now']);
    expect(result).toEqual({ code: 0, stdout: `archived ${note.path}\n`, stderr: '' });
    const text = fs.readFileSync(path.join(root, note.path), 'utf8');
    expect(text).toContain('status: archived');
    expect(text).toContain('archivedReason: we deploy continuously now');
    expect(search(root, 'fridays')).toEqual([]);
    expect(search(root, 'fridays', true)).toEqual([note.id]);
  });

  it('names an unknown id', () => {
    const root = repo();
    const result = runCliSync(root, ['forget', 'nope-123456']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('claude-memory: no note with id "nope-123456"\n');
  });
});

describe('claude-memory supersede', () => {
  it('marks the old note superseded and links both ways', () => {
    const root = repo();
    const old = add(root, 'Tokens use HS256');
    const replacement = add(root, 'Tokens use RS256');
    const result = runCliSync(root, ['supersede', old.id, replacement.id, '--json']);
    expect(JSON.parse(result.stdout)).toEqual({ superseded: { id: old.id, path: old.path }, by: { id: replacement.id, path: replacement.path } });
    expect(fs.readFileSync(path.join(root, old.path), 'utf8')).toMatch(new RegExp(`status: superseded[\\s\\S]*supersededBy: ${replacement.id}`));
    expect(fs.readFileSync(path.join(root, replacement.path), 'utf8')).toContain(`supersedes: [${old.id}]`);
    expect(search(root, 'tokens')).toEqual([replacement.id]);
  });

  it('refuses a note superseding itself', () => {
    const root = repo();
    const note = add(root, 'Alone');
    const result = runCliSync(root, ['supersede', note.id, note.id]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('claude-memory: a note cannot supersede itself\n');
  });

  it('refuses the reverse of an earlier supersede, so two notes never hide each other', () => {
    const root = repo();
    const a = add(root, 'Tokens use HS256');
    const b = add(root, 'Tokens use RS256');
    expect(runCliSync(root, ['supersede', a.id, b.id]).code).toBe(0);
    const reverse = runCliSync(root, ['supersede', b.id, a.id]);
    expect(reverse).toEqual({
      code: 1,
      stdout: '',
      stderr: `claude-memory: ${a.path}: cannot be the replacement, it is itself superseded by ${b.id}; supersede ${b.id} with the note that replaced it\n`,
    });
    expect(fs.readFileSync(path.join(root, b.path), 'utf8')).toContain('status: active');
    expect(search(root, 'tokens')).toEqual([b.id]);
  });

  it('refuses a cycle through a chain of links, even when the notes disagree about their status', () => {
    const root = repo();
    const a = add(root, 'Deploy with Capistrano');
    const b = add(root, 'Deploy with Ansible');
    const c = add(root, 'Deploy with Argo CD');
    expect(runCliSync(root, ['supersede', a.id, b.id]).code).toBe(0);
    expect(runCliSync(root, ['supersede', b.id, c.id]).code).toBe(0);
    // A teammate's clone where only the links arrived: A is active again, C still says it replaced B.
    const aFile = path.join(root, a.path);
    fs.writeFileSync(aFile, fs.readFileSync(aFile, 'utf8').replace('status: superseded', 'status: active'));
    const result = runCliSync(root, ['supersede', c.id, a.id]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `claude-memory: ${c.path}: cannot be superseded by ${a.id}, which is already replaced by it (${a.id} → ${b.id} → ${c.id}); that would make a cycle\n`,
    );
  });

  it('refuses an archived replacement', () => {
    const root = repo();
    const old = add(root, 'Use Node 18');
    const archived = add(root, 'Use Node 20');
    runCliSync(root, ['forget', archived.id]);
    const result = runCliSync(root, ['supersede', old.id, archived.id]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `claude-memory: ${archived.path}: cannot be the replacement, it is archived\n` });
  });
});
