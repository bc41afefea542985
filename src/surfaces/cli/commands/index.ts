import type { CommandModule } from 'yargs';
import ci from './ci.js';
import compress from './compress.js';
import consolidate from './consolidate.js';
import doctor from './doctor.js';
import embed from './embed.js';
import exportCommand from './export.js';
import forget from './forget.js';
import gitHook from './git-hook.js';
import guard from './guard.js';
import history from './history.js';
import hook from './hook.js';
import importCommand from './import.js';
import indexNotes from './index-notes.js';
import mcp from './mcp.js';
import refresh from './refresh.js';
import review from './review.js';
import stale from './stale.js';
import supersede from './supersede.js';
import uninstall from './uninstall.js';
import view from './view.js';

/**
 * Commands that live in their own files, one per command. Each module is typed with its own arguments; a list of
 * them can only be typed loosely, because yargs' types make a builder's argument type invariant.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const extraCommands: CommandModule<any, any>[] = [
  hook,
  compress,
  review,
  history,
  stale,
  forget,
  supersede,
  consolidate,
  uninstall,
  mcp,
  refresh,
  indexNotes,
  guard,
  importCommand,
  exportCommand,
  view,
  ci,
  doctor,
  gitHook,
  embed,
];
