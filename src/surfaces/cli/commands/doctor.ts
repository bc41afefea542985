import type { CommandModule } from 'yargs';
import { findRepoRoot } from '../../../git/root.js';
import { checkInstall, formatFindings } from '../../install/doctor-checks.js';
import { gatherDoctorFacts } from '../../install/doctor-facts.js';
import { print, printJson } from '../output.js';

/** Checks every registration and what it would run; exit 1 when something is broken. Changes nothing. */
const command: CommandModule<object, { json: boolean }> = {
  command: 'doctor',
  describe:
    'check the memory folder, the Claude Code hooks, git hooks, MCP server and plugin, and which claude-memory each runs; prints the fix for each problem, exit 1 when something is broken',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: async (args) => {
    const cwd = process.cwd();
    const facts = await gatherDoctorFacts(cwd, { root: findRepoRoot(cwd) });
    const findings = checkInstall(facts);
    const healthy = !findings.some((finding) => finding.status === 'broken');
    if (args.json) printJson({ root: facts.root ?? null, version: facts.version, ok: healthy, findings });
    else print(formatFindings(facts, findings));
    if (!healthy) process.exitCode = 1;
  },
};

export default command;
