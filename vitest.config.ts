import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'graders/**/*.test.ts', 'corpora/**/*.test.ts', 'datasets/**/*.test.ts', 'exercises/*.test.ts', 'exercises/*/*.test.ts', 'exercises/*/kit/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
