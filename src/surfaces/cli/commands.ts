import fs from 'node:fs';
import { packageVersion } from '../../bin/paths.js';
import yargs, { type Argv } from 'yargs';
import { checkMemoryTree } from '../../cache/guard.js';
import { NOTE_STATUSES, NOTE_TYPES } from '../../core/types.js';
import { findRepoRoot, resolveRoot } from '../../git/root.js';
import { lastCommits, withProvenance } from '../../git/provenance.js';
import { lintRepository } from '../../git/tracked.js';
import { refresh } from '../../index/refresh.js';
import { totalTokens } from '../../compress/usage.js';
import { sessionStartContext } from '../../flows/session-start.js';
import { searchNotes } from '../../retrieve/search.js';
import { addNote, findNote } from '../../store/notes.js';
import { serializeNote } from '../../store/serialize.js';
import { statsWithUsage } from '../api/open-memory.js';
import { filterCatalog } from '../../index/catalog.js';
import { readCatalog } from '../../index/refresh.js';
import { runInit } from '../install/init.js';
import { needsMemory, requireMemory } from '../install/memory-required.js';
import { extraCommands } from './commands/index.js';
import { UsageError, field, formatHits, formatProblems, print, printJson, warnProblems } from './output.js';

let exitCode = 0;

const json = { json: { type: 'boolean', default: false, describe: 'print JSON' } } as const;

function readStdin(): string {
  return fs.readFileSync(0, 'utf8');
}

/** The full CLI. Every handler parses, calls one function, prints. */
export async function runCli(argv: string[]): Promise<number> {
  exitCode = 0;
  const cli: Argv = yargs(argv)
    .scriptName('claude-memory')
    .usage('$0 <command> [options]\n\nGit-native long-term memory for Claude Code.')
    .command(
      'init',
      'create .claude-memory/ in this repository (idempotent)',
      (y) =>
        y
          .option('hooks', { type: 'boolean', default: true, describe: 'register the Claude Code hooks (--no-hooks skips)' })
          .option('git-hooks', { type: 'boolean', default: true, describe: 'install git hooks that refresh the index after pull and checkout' })
          .option('guard', { type: 'boolean', default: false, describe: 'also install a pre-commit hook refusing secrets and invalid notes' })
          .option('mcp', { type: 'boolean', default: true, describe: 'register the MCP server in .mcp.json' }),
      async (args) => {
        const root = findRepoRoot();
        if (!root) throw new Error(`${process.cwd()}: not inside a git work tree; run "git init" first`);
        checkMemoryTree(root);
        const result = await runInit(root, { hooks: args.hooks, gitHooks: args.gitHooks, guard: args.guard, mcp: args.mcp });
        for (const file of result.created) print(`created ${file}`);
        for (const message of result.messages) print(message);
        if (!result.created.length && !result.messages.length) print('.claude-memory/ is already set up');
      },
    )
    .command(
      'add',
      'add a note',
      (y) =>
        y
          .option('title', { type: 'string', demandOption: true, describe: 'one-line title' })
          .option('type', { type: 'string', choices: NOTE_TYPES, demandOption: true })
          .option('topic', { type: 'string' })
          .option('tag', { type: 'string', array: true, default: [] as string[] })
          .option('file', { type: 'string', array: true, default: [] as string[], describe: 'a file the note is about' })
          .option('body', { type: 'string', nargs: 1, describe: 'the note text, or - to read it from stdin' })
          .options(json),
      (args) => {
        const root = resolveRoot();
        const body = args.body === '-' ? readStdin() : args.body;
        const note = addNote(root, { title: args.title, type: args.type, topic: args.topic, tags: args.tag, files: args.file, body });
        if (args.json) printJson({ id: note.id, path: note.path });
        else print(`${field(note.path)}\n${field(note.id)}`);
      },
    )
    .command(
      'show <id>',
      'print one note',
      (y) => y.positional('id', { type: 'string', demandOption: true }).options(json),
      async (args) => {
        const root = resolveRoot();
        const { note, problems } = findNote(root, args.id);
        if (!note) throw new Error(problems[0] ? `${problems[0].path}: ${problems[0].reason}` : `no note with id "${args.id}"`);
        const provenance = (await lastCommits(root, [note.path])).get(note.path) ?? null;
        if (args.json) printJson({ ...note, provenance });
        else
          print(
            `${serializeNote(note)}${provenance ? `\n(last commit ${field(provenance.commit.slice(0, 10))} by ${field(provenance.author)} on ${field(provenance.date)})` : '\n(not committed yet)'}`,
          );
      },
    )
    .command(
      'list',
      'list notes',
      (y) =>
        y.option('type', { type: 'string' }).option('topic', { type: 'string' }).option('status', { type: 'string', choices: NOTE_STATUSES }).options(json),
      (args) => {
        const root = resolveRoot();
        const result = refresh(root);
        warnProblems(result.problems);
        const entries = filterCatalog(readCatalog(root), { type: args.type, topic: args.topic, status: args.status });
        if (args.json) printJson(entries.map(({ id, title, type, topic, status, updated, path }) => ({ id, title, type, topic, status, updated, path })));
        else
          print(
            entries.length
              ? entries
                  .map((e) => `${field(e.id)}  [${field(e.type)}] ${field(e.topic)}: ${field(e.title)}${e.status === 'active' ? '' : ` (${field(e.status)})`}`)
                  .join('\n')
              : 'No notes.',
          );
      },
    )
    .command(
      'search <query>',
      'search the notes by words and, with the optional sentence model, by meaning; best first',
      (y) =>
        y
          .positional('query', { type: 'string', demandOption: true })
          .option('limit', { alias: 'n', type: 'number', default: 10 })
          .option('all', { type: 'boolean', default: false, describe: 'include superseded and archived notes' })
          .option('type', { type: 'string' })
          .option('topic', { type: 'string' })
          .option('lexical', { type: 'boolean', default: false, describe: 'words only: skip loading the sentence model' })
          .options(json),
      async (args) => {
        if (!Number.isInteger(args.limit) || args.limit < 1) throw new UsageError('--limit must be a positive whole number');
        const root = resolveRoot();
        const hits = await searchNotes(root, args.query, { limit: args.limit, all: args.all, type: args.type, topic: args.topic, lexical: args.lexical });
        if (args.json) printJson(await withProvenance(root, hits));
        else print(formatHits(hits));
      },
    )
    .command(
      'lint',
      'check every note; exit 1 when there are problems',
      (y) => y.option('fix', { type: 'boolean', default: false, describe: 'write defaulted fields back to notes' }).options(json),
      async (args) => {
        const result = await lintRepository(resolveRoot(), { fix: args.fix });
        if (args.json) printJson(result);
        else {
          for (const file of result.fixed) print(`fixed ${field(file)}`);
          print(result.problems.length ? formatProblems(result.problems) : `${result.notes} notes, no problems`);
        }
        if (result.problems.length) exitCode = 1;
      },
    )
    .command(
      'context',
      'print what a session is given at start',
      (y) => y.options(json),
      async (args) => {
        const { text: context } = await sessionStartContext(resolveRoot());
        if (args.json) printJson({ context });
        else print(context);
      },
    )
    .command(
      'stats',
      'notes by type, topic and status; tokens per layer; cache size',
      (y) => y.options(json),
      (args) => {
        const stats = statsWithUsage(resolveRoot());
        if (args.json) printJson(stats);
        else {
          const table = (record: Record<string, number>) =>
            Object.entries(record)
              .map(([key, value]) => `  ${field(key)}: ${value}`)
              .join('\n');
          print(
            [
              `${stats.notes} notes${stats.problems ? ` (${stats.problems} files with problems)` : ''}`,
              `by type:\n${table(stats.byType)}`,
              `by status:\n${table(stats.byStatus)}`,
              `by topic:\n${table(stats.byTopic)}`,
              `tokens: layer 0 (INDEX.md) ${stats.tokens.layer0}, layer 1 (topic indexes) ${stats.tokens.layer1}, notes ${stats.tokens.notes}`,
              `cache: ${(stats.cacheBytes / 1024).toFixed(1)} KiB`,
              stats.search.mode === 'hybrid'
                ? `search: hybrid (words and meaning, ${stats.search.model}); ${stats.search.notesWithVectors} of ${stats.notes} notes have a vector${stats.search.notesWithVectors < stats.notes ? ', the rest are embedded in the background and searched by words meanwhile' : ''}`
                : `search: lexical (${stats.search.reason})`,
              `compression API tokens: today ${totalTokens(stats.usage.today)} in ${stats.usage.today.requests} requests ($${(stats.usage.today.costUsd ?? 0).toFixed(4)}); ${totalTokens(stats.usage.total)} over ${stats.usage.sessions} sessions ($${(stats.usage.total.costUsd ?? 0).toFixed(4)})${Object.entries(
                stats.usage.routes,
              )
                .map(([route, c]) => `\n  route ${route}: ${totalTokens(c)} tokens, ${c.requests} requests, $${(c.costUsd ?? 0).toFixed(4)}`)
                .join('')}${stats.usage.recent.map((s) => `\n  ${s.session}: ${s.tokens} tokens, ${s.requests} requests`).join('')}`,
            ].join('\n'),
          );
        }
      },
    )
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- see extraCommands: each module is typed on its own
    .command(extraCommands)
    // Runs after parsing, before the handler: a command that needs .claude-memory/ refuses without it (see memory-required.ts).
    .middleware((args) => {
      const root = findRepoRoot();
      if (root && needsMemory(String(args._[0] ?? ''), { gitHook: args.gitHook })) requireMemory(root);
    })
    .demandCommand(1, 'Name a command; see --help.')
    .strict()
    .help()
    .alias('h', 'help')
    // yargs alone would report the version of the nearest package.json, which is the user's project's.
    .version(packageVersion())
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, err) => {
      if (err) throw err;
      throw new UsageError(`${message}\nRun "claude-memory --help" for usage.`);
    });
  await cli.parseAsync();
  return exitCode;
}
