import type { Argv, CommandModule } from 'yargs';
import { resolveRoot } from '../../../git/root.js';
import type { ImportReport } from '../../../flows/import.js';
import { formatProblems, print, printJson } from '../output.js';

/** Pure: what an import printed for a person. */
export function formatImport(report: ImportReport, dryRun: boolean): string {
  const verb = dryRun ? 'would import' : 'imported';
  const lines = [
    `${verb} ${report.created.length} note${report.created.length === 1 ? '' : 's'} from ${report.from}` +
      ` (${report.alreadyImported} already imported, ${report.skipped.length} skipped)`,
  ];
  for (const note of report.created) lines.push(`  + [${note.type}] ${note.title}${note.path ? `  ${note.path}` : ''}`);
  for (const skip of report.skipped) lines.push(`  skipped ${skip.ref}: ${skip.reason}`);
  if (report.problems.length) lines.push(formatProblems(report.problems));
  if (report.created.length && !dryRun) lines.push('Review the new notes, then commit .claude-memory/.');
  return lines.join('\n');
}

interface Common {
  json: boolean;
  'dry-run': boolean;
  topic?: string;
}

const common = (y: Argv) =>
  y
    .option('topic', { type: 'string', describe: 'topic of every imported note (default: the source or folder name)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'list what would be imported; write nothing' })
    .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' });

/** Print the report; problems in what was written fail the command (exit 1) after the report is out. */
function report(result: ImportReport, args: Common): void {
  if (args.json) printJson(result);
  else print(formatImport(result, args['dry-run']));
  const errors = result.problems.filter((problem) => problem.severity === 'error').length;
  if (errors) throw new Error(`${errors} problem${errors === 1 ? '' : 's'} in the imported notes; see above or run claude-memory lint`);
}

// The flow is imported inside each handler: sql.js and the parsers load only when an import runs.
const command: CommandModule = {
  command: 'import',
  describe: 'bring memory from elsewhere into notes: auto-memory (Claude Code), claude-mem (its database), markdown DIR (a vault, a memory bank)',
  builder: (y) =>
    y
      .command(
        'auto-memory',
        "Claude Code's auto memory of this repository (~/.claude/projects/<project>/memory/)",
        (sub) =>
          common(sub)
            .option('from', { type: 'string', describe: 'the memory folder (default: where Claude Code keeps it for this repository)' })
            .option('include-user', { type: 'boolean', default: false, describe: 'also import "user" memories (about you, not the project)' }),
        async (args) => {
          const { importAutoMemory } = await import('../../../flows/import.js');
          const a = args as unknown as Common & { from?: string; 'include-user': boolean };
          report(await importAutoMemory(resolveRoot(), { from: a.from, includeUser: a['include-user'], topic: a.topic, dryRun: a['dry-run'] }), a);
        },
      )
      .command(
        'claude-mem',
        "observations and session summaries of this project from claude-mem's database",
        (sub) =>
          common(sub)
            .option('db', { type: 'string', describe: 'the database (default: ~/.claude-mem/claude-mem.db)' })
            .option('project', { type: 'string', describe: "claude-mem's project name (default: this repository's folder name)" }),
        async (args) => {
          const { importClaudeMem } = await import('../../../flows/import.js');
          const a = args as unknown as Common & { db?: string; project?: string };
          report(await importClaudeMem(resolveRoot(), { db: a.db, project: a.project, topic: a.topic, dryRun: a['dry-run'] }), a);
        },
      )
      .command(
        'markdown <dir>',
        'every markdown file of a folder (Obsidian vault, Cline memory bank, docs)',
        (sub) => common(sub).positional('dir', { type: 'string', demandOption: true }),
        async (args) => {
          const { importMarkdown } = await import('../../../flows/import.js');
          const a = args as unknown as Common & { dir: string };
          report(importMarkdown(resolveRoot(), a.dir, { topic: a.topic, dryRun: a['dry-run'] }), a);
        },
      )
      .demandCommand(1, 'Name a source: auto-memory, claude-mem or markdown DIR.'),
  handler: () => undefined,
};

export default command;
