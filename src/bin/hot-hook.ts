// Entry of dist/hot/hook.cjs (scripts/bundle-hot.mjs): what the launcher (bin/launch.ts) needs for `hook <event>`.
export { runHookCommand } from '../surfaces/hooks/run.js';
