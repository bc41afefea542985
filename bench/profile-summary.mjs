// Pure summaries of V8 CPU profiles (`node --cpu-prof` output): self time by function and by where the code lives
// (our dist/ files, each npm package, Node's module loader, the rest of Node, garbage collection), and inclusive
// time of our own functions. Several profiles of the same command are summed, then divided by their number.

/** Where a function's code lives, as a short label: `dist/index/search-score.js`, `minisearch`, `node:internal/...`. */
export function codeHome(url) {
  if (!url) return '(native)';
  const dist = /\/dist\/(.+)$/.exec(url);
  if (dist && !url.includes('/node_modules/')) return `dist/${dist[1]}`;
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  return url.replace(/^file:\/\//, '');
}

/** Pure: the bucket a code home falls in, for the coarse breakdown. */
export function category(home, functionName) {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8/native (compile, parse, runtime)';
  if (functionName === '(idle)') return 'idle (waiting for I/O or a child)';
  if (functionName === '(root)') return 'other';
  if (home.startsWith('dist/')) return 'claude-memory (dist/)';
  const loader = ['node:internal/modules', 'node:internal/process/esm', 'node:internal/vm', 'node:internal/bootstrap/realm'];
  if (loader.some((prefix) => home.startsWith(prefix)) || functionName === 'compileFunction') return 'module loading (Node loader, compiling modules)';
  if (home.startsWith('node:')) return 'Node built-ins in JS (fs, child_process, net, path, url …)';
  if (home === '(native)') return 'Node native bindings (syscalls: open, stat, read, spawn …)';
  return 'npm packages';
}

/** Milliseconds each sample stands for: the gap to the next sample (DevTools' convention). */
function sampleDurations(profile) {
  const out = new Float64Array(profile.samples.length);
  for (let i = 0; i + 1 < profile.samples.length; i++) out[i] = profile.timeDeltas[i + 1] / 1000;
  return out;
}

/**
 * Pure: one summary of `profiles` (parsed .cpuprofile objects of the same command).
 * @returns {{ profiles: number, totalMs: number, categories: Array<[string, number]>, homes: Array<[string, number]>,
 *   selfFunctions: Array<[string, number]>, inclusiveOurs: Array<[string, number]> }} milliseconds per profile, largest first
 */
export function summariseProfiles(profiles) {
  const self = new Map();
  const homes = new Map();
  const categories = new Map();
  const inclusive = new Map();
  let total = 0;
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const selfMs = new Map();
    const durations = sampleDurations(profile);
    profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + durations[i]));
    const label = (node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      // (garbage collector), (program), (idle): V8's own buckets, named as such.
      const home = !url && functionName.startsWith('(') ? functionName : codeHome(url);
      return { home, key: `${functionName || '(anonymous)'} ${url ? `${home}:${lineNumber + 1}` : ''}`.trim() };
    };
    // Inclusive time of our own functions, counted once per call path (recursion is not counted twice).
    const walk = (node, open) => {
      const { home, key } = label(node);
      let ms = selfMs.get(node.id) ?? 0;
      const mine = home.startsWith('dist/') && !open.has(key);
      const nextOpen = mine ? new Set([...open, key]) : open;
      for (const child of node.children ?? []) ms += walk(byId.get(child), nextOpen);
      if (mine) add(inclusive, key, ms);
      return ms;
    };
    for (const node of profile.nodes) {
      const ms = selfMs.get(node.id) ?? 0;
      if (!ms) continue;
      const { home, key } = label(node);
      add(self, key, ms);
      add(homes, home, ms);
      add(categories, category(home, node.callFrame.functionName), ms);
      total += ms;
    }
    walk(profile.nodes[0], new Set());
  }
  const n = Math.max(1, profiles.length);
  const sorted = (map) => [...map].map(([key, ms]) => [key, Number((ms / n).toFixed(2))]).sort((a, b) => b[1] - a[1]);
  return {
    profiles: profiles.length,
    totalMs: Number((total / n).toFixed(1)),
    categories: sorted(categories),
    homes: sorted(homes),
    selfFunctions: sorted(self),
    inclusiveOurs: sorted(inclusive),
  };
}
