import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CI_MARKER } from '../src/surfaces/ci/report.js';
import { commitAll } from './git/notes-in-repo.js';
import { CLI, PROJECT_ROOT, git, tempDir, tempRepo, writeFile } from './helpers/temp-repo.js';

/**
 * The reusable GitHub Action (action.yml). GitHub itself is not here: its shell steps run for real with bash, in
 * a real repository, with the variables a runner sets; the comment step's script runs against an in-memory
 * stand-in for the GitHub API client.
 */

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, unknown>;
};
const step = (name: string) => action.runs.steps.find((candidate) => candidate.name === name)!;

/** Run a step's script as a runner would: bash -e, its env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
function runStep(name: string, cwd: string, env: Record<string, string>): { code: number; outputs: string; summary: string; report: string } {
  const runner = tempDir('claude-memory-runner-');
  const files = { GITHUB_OUTPUT: path.join(runner, 'output'), GITHUB_STEP_SUMMARY: path.join(runner, 'summary'), GITHUB_PATH: path.join(runner, 'path') };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  // `claude-memory` on PATH is this checkout's build, as the install step would provide.
  const bin = path.join(runner, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'claude-memory'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  const stepEnv = Object.fromEntries(Object.entries(step(name).env ?? {}).map(([key, value]) => [key, value.replace('${{ runner.temp }}', runner)]));
  let code = 0;
  try {
    execFileSync('bash', ['-e', '-c', step(name).run!], {
      cwd,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: runner, ...files, ...stepEnv, ...env },
      stdio: 'pipe',
    });
  } catch (err) {
    code = (err as { status?: number }).status ?? 1;
  }
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  return { code, outputs: read(files.GITHUB_OUTPUT), summary: read(files.GITHUB_STEP_SUMMARY), report: read(path.join(runner, 'claude-memory-ci.md')) };
}

describe('action.yml', () => {
  it('is a composite action whose scripts never interpolate inputs or event data (no script injection)', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((candidate) => candidate.uses ?? candidate.name)).toEqual([
      'actions/setup-node@v4',
      'Install claude-memory',
      'Check memory',
      'actions/github-script@v7',
      'Fail on errors',
    ]);
    for (const candidate of action.runs.steps) {
      expect(candidate.run ?? '', candidate.name).not.toMatch(/\$\{\{/);
      expect(candidate.with?.script ?? '', candidate.name).not.toMatch(/\$\{\{/);
    }
    expect(step('Post or update the pull request comment').with!.script).toContain(`'${CI_MARKER}'`);
  });

  it('its check step writes the report to the job summary and says whether the check passed', () => {
    // As actions/checkout leaves it: a clone, the base branch as origin/<base>.
    const origin = tempRepo({ initMemory: true });
    commitAll(origin, 'main');
    const root = path.join(tempDir(), 'work');
    git(path.dirname(root), 'clone', '-q', origin, root);
    git(root, 'config', 'user.email', 'test@example.com');
    git(root, 'config', 'user.name', 'Test User');
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFile(
      root,
      '.claude-memory/notes/ops/clean.md',
      '---\ntitle: Deploys are blue-green\ntype: convention\n---\nSwitch traffic after health checks pass.\n',
    );
    commitAll(root, 'a clean note');
    const passed = runStep('Check memory', root, { BASE: '', BASE_REF: 'main' });
    expect(passed.code).toBe(0);
    expect(passed.outputs).toBe('passed=true\n');
    expect(passed.summary).toBe(passed.report);
    expect(passed.report).toContain(`${CI_MARKER}\n## claude-memory check passed`);
    expect(passed.report).toContain('`origin/main...HEAD`: 1 memory file added or changed');

    writeFile(root, '.claude-memory/notes/ops/broken.md', '---\ntitle: [unclosed\n---\n');
    commitAll(root, 'a broken note');
    const failed = runStep('Check memory', root, { BASE: 'main', BASE_REF: 'ignored-when-base-is-set' });
    expect(failed.report).toContain('`main...HEAD`');
    expect(failed.code).toBe(0);
    expect(failed.outputs).toBe('passed=false\n');
    expect(failed.report).toContain('## claude-memory check failed: 1 error');

    const lost = runStep('Check memory', root, { BASE: 'origin/no-such-branch', BASE_REF: '' });
    expect(lost.outputs).toBe('passed=false\n');
    expect(lost.report).toMatch(new RegExp(`^${CI_MARKER}\\n## claude-memory check could not run`));
  });

  it('its comment script adds one comment, then updates that one on the next push', async () => {
    const comments: Array<{ id: number; body: string; user: { type: string } }> = [
      { id: 1, body: 'LGTM', user: { type: 'User' } },
      { id: 2, body: `${CI_MARKER} by hand`, user: { type: 'User' } },
    ];
    const calls: string[] = [];
    const github = {
      paginate: async (list: (args: unknown) => Promise<unknown>, args: unknown) => list(args),
      rest: {
        issues: {
          listComments: () => Promise.resolve(comments),
          createComment: ({ issue_number, body }: { issue_number: number; body: string }) => {
            calls.push(`create on #${issue_number}`);
            comments.push({ id: 100 + comments.length, body, user: { type: 'Bot' } });
            return Promise.resolve();
          },
          updateComment: ({ comment_id, body }: { comment_id: number; body: string }) => {
            calls.push(`update ${comment_id}`);
            comments.find((comment) => comment.id === comment_id)!.body = body;
            return Promise.resolve();
          },
        },
      },
    };
    const context = { repo: { owner: 'acme', repo: 'shop' }, issue: { number: 42 } };
    const report = path.join(tempDir(), 'claude-memory-ci.md');
    const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    const script = new AsyncFunction('require', 'github', 'context', 'process', step('Post or update the pull request comment').with!.script!);
    const env = { env: { REPORT: report } };
    fs.writeFileSync(report, `${CI_MARKER}\n## claude-memory check passed\n`);
    await script((name: string) => (name === 'fs' ? fs : undefined), github, context, env);
    fs.writeFileSync(report, `${CI_MARKER}\n## claude-memory check failed: 1 error\n`);
    await script((name: string) => (name === 'fs' ? fs : undefined), github, context, env);
    expect(calls).toEqual(['create on #42', 'update 102']);
    expect(comments.map((comment) => comment.body)).toEqual(['LGTM', `${CI_MARKER} by hand`, `${CI_MARKER}\n## claude-memory check failed: 1 error\n`]);
  });
});
