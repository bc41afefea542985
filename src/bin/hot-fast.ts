// Entry of dist/hot/fast.cjs (scripts/bundle-hot.mjs): what the launcher (bin/launch.ts) needs for `search` and `context`.
export { runFast } from '../surfaces/cli/fast.js';
export { reportFailure } from '../surfaces/cli/fail.js';
