import { defineConfig } from 'vitest/config';
import { E2E_PATTERN, shared, TEST_ROOTS } from './vitest.config';

/** The end-to-end tier: `npm run test:e2e` (see vitest.config.ts). Minutes per test on a busy machine is fine. */
export default defineConfig({
  test: {
    ...shared,
    include: TEST_ROOTS.map((root) => `${root}${E2E_PATTERN}`),
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
