import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The slow suites: the real `claude` binary against the fake Messages API, a packed or plugin install, Chromium
 * driving the viewer, compressions killed at every step, the fuzzers at their full iteration counts, and the suites
 * that run every surface as a process against planted repositories. Everything
 * else is the `unit` project, the quick loop (`npm run test:unit`); it still starts the CLI where the CLI contract, a
 * hook or the MCP server is the subject. `npm test` runs both.
 */
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/security/fuzz.test.ts',
  'test/flows/compress-crash.test.ts',
  'test/flows/import.test.ts',
  'test/compress/real-client.test.ts',
  'test/helpers/fake-anthropic.test.ts',
  'test/surfaces/viewer/viewer-browser.test.ts',
  'test/package-contents.test.ts',
  // Every surface (each CLI command, the hooks, the MCP server) run as a process against planted repositories.
  'test/surfaces/install/doctor.test.ts',
  'test/cache/guard.test.ts',
  'test/flows/committed-memory-files.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. Most test time is spent
    // waiting on the git, CLI and hook processes a test starts, so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism()),
    // The optional sentence model is installed here, but most tests assert lexical rankings and must not leave
    // background embedding runs (200 MB each) behind in their temp repositories. The tests of hybrid search turn it
    // on for the processes they start (test/helpers/embeddings.ts).
    env: { CLAUDE_MEMORY_EMBEDDINGS: 'off' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...E2E] } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
