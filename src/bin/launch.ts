import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EarlyStart } from '../surfaces/hooks/early-start.js';
import { requireWithCodeCache } from './code-cache.js';
import { HOT_BUNDLES, hotRoute } from './route.js';

/**
 * The `claude-memory` command (package.json "bin", the hooks `init` writes), built by scripts/bundle-hot.mjs into
 * dist/bin/claude-memory.cjs. It is CommonJS on purpose: node starts a CommonJS file without setting up its ES module
 * loader, 3 to 5 ms that a hook within 1.5 times a bare `node` cannot spare. The session-start and prompt hooks and
 * `search`/`context` run from one-file CommonJS bundles; every other command loads the ES module CLI
 * (bin/claude-memory.ts), which also serves older hook commands that name it.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

interface HookBundle {
  runHookCommand(argv: string[], io: { stdin: string; early?: EarlyStart }): Promise<number>;
}
interface FastBundle {
  runFast(argv: string[], early?: EarlyStart): Promise<boolean>;
  reportFailure(err: unknown): void;
}

/** A bundle's file beside this one, when the build made it. */
function bundleFile(file: string): string | undefined {
  const full = path.join(here, file);
  return fs.existsSync(full) ? full : undefined;
}

async function main(argv: string[]): Promise<void> {
  const route = hotRoute(argv);
  const hotFile = route && bundleFile(HOT_BUNDLES[route]);
  if ((route === 'hook' || route === 'hook-start') && hotFile) {
    const stdin = (await import('../surfaces/hooks/hook-input.js')).readHookStdin();
    // Session start: git is asked before the hook's bundle loads, and answers while node compiles it. Only then:
    // node:child_process alone costs the other hooks 3 ms to load.
    const early = route === 'hook-start' ? (await import('../surfaces/hooks/early-start.js')).startEarly(argv.slice(1), stdin) : undefined;
    process.exitCode = await (requireWithCodeCache(hotFile) as HookBundle).runHookCommand(argv.slice(1), { stdin, early });
    return;
  }
  if (route === 'fast' && hotFile) {
    // `context` shows what session start gives, changed files included: git is asked first here too.
    const early = argv[0] === 'context' ? (await import('../surfaces/hooks/early-start.js')).startEarlyAt(process.cwd()) : undefined;
    const hot = requireWithCodeCache(hotFile) as FastBundle;
    try {
      if (await hot.runFast(argv, early)) return;
    } catch (err) {
      hot.reportFailure(err);
      return;
    }
  }
  if (route === 'git-hook' && hotFile) {
    const { runGitHook } = (await import(HOT_BUNDLES['git-hook'])) as { runGitHook: (argv: string[]) => Promise<number> };
    process.exitCode = await runGitHook(argv.slice(1));
    return;
  }
  // Everything else, and a build without the bundles: the ES module CLI reads process.argv itself.
  await import('./claude-memory.js');
}

void main(process.argv.slice(2));
