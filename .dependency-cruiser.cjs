/**
 * The layer rules of docs/architecture.md, checked by `npm run lint`. Each folder of src/ may import only the
 * folders named for it below (and itself); an import that is not allowed, an import cycle, or a development
 * dependency used by shipped code fails the lint. Type-only imports count: they tie the layers together as much.
 */
const LAYERS = {
  core: [],
  cache: ['core'],
  store: ['core'],
  capture: ['core', 'cache', 'store'],
  index: ['core', 'cache', 'store'],
  retrieve: ['core', 'cache', 'store', 'index'],
  compress: ['core', 'cache', 'store', 'capture'],
  git: ['core', 'cache', 'store'],
  flows: ['core', 'cache', 'store', 'capture', 'index', 'retrieve', 'compress', 'git'],
  surfaces: ['core', 'cache', 'store', 'capture', 'index', 'retrieve', 'compress', 'git', 'flows'],
  bin: ['core', 'cache', 'store', 'capture', 'index', 'retrieve', 'compress', 'git', 'flows', 'surfaces'],
};

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make the load order and the layers meaningless.', from: {}, to: { circular: true } },
    {
      name: 'no-dev-dependencies-in-src',
      severity: 'error',
      comment: 'Shipped code may not need a development dependency (npm installs only dependencies for users).',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  allowed: [
    // node's own modules and the packages in package.json
    { from: { path: '^src/' }, to: { dependencyTypes: ['core', 'npm'] } },
    // types of a development dependency (@types/mdast): erased from the build
    { from: { path: '^src/' }, to: { path: '^node_modules/', dependencyTypes: ['type-only'] } },
    // bin/paths.ts names the built entry points and imports nothing of ours: anything may ask it for a path.
    { from: { path: '^src/' }, to: { path: '^src/bin/paths\\.ts$' } },
    // the package's public entry (package.json "main") re-exports the library API and its types
    { from: { path: '^src/index\\.ts$' }, to: { path: '^src/(surfaces/api|core|cache|index)/' } },
    ...Object.entries(LAYERS).map(([layer, may]) => ({
      from: { path: `^src/${layer}/` },
      to: { path: `^src/(${[layer, ...may].join('|')})/` },
    })),
  ],
  allowedSeverity: 'error',
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
