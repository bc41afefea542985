import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The optional sentence model is installed here, but most tests assert lexical rankings and must not leave
    // background embedding runs (200 MB each) behind in their temp repositories. The tests of hybrid search turn it
    // on for the processes they start (test/helpers/embeddings.ts).
    env: { CLAUDE_MEMORY_EMBEDDINGS: 'off' },
  },
});
