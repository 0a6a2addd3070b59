import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: {
    // One graphql module for type-graphql, Apollo and the tests ("another module or realm" otherwise).
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // type-graphql decorators need the metadata API before any decorated class loads (src/app.ts does the same).
    setupFiles: ['reflect-metadata'],
    // Compiles src/ into dist-test/ for tests that run the server as a separate process (test/fixtures/server-process.ts).
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // .ci/run asks for a JSON report too, to print one closing 'N passed, N failed' line over both databases.
    reporters: process.env.VITEST_JSON_REPORT ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]] : ['default'],
  },
});
