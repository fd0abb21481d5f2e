import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two tiers, told apart by file name:
 * - fast (`npm test`, this file): every `*.test.ts` except the end-to-end ones;
 * - end to end (`npm run test:e2e`, vitest.e2e.config.ts): `*.e2e.test.ts`, tests whose subject is
 *   a whole CLI subprocess run, a kit check tool run or a full sandboxed grade.
 * Time limits are safety nets against hangs, never assertions: they are generous on purpose.
 */
export const TEST_ROOTS = ['harness/**/', 'graders/**/', 'corpora/**/', 'datasets/**/', 'exercises/', 'exercises/*/', 'exercises/*/kit/**/', 'test/**/'];
export const E2E_PATTERN = '*.e2e.test.ts';

export const shared = {
  exclude: ['**/node_modules/**'],
  pool: 'forks' as const,
  globalSetup: ['test/global-setup.ts'],
  // One test file per core: vitest's own default for a run is one fewer, which on two cores runs every file in turn.
  maxWorkers: availableParallelism(),
  // Closing (globalSetup teardown included) may take long on a busy machine; a safety net only.
  teardownTimeout: 5 * 60_000,
};

export default defineConfig({
  test: {
    ...shared,
    include: TEST_ROOTS.map((root) => `${root}*.test.ts`),
    exclude: [...shared.exclude, `**/${E2E_PATTERN}`],
    testTimeout: 5 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
