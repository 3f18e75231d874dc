import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
        exclude: ['**/node_modules/**', 'test/e2e/**'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        pool: 'forks',
        // A grammar the fast parser refuses stops the tests (production falls back to Langium's parser).
        // Today is fixed, so that stale marks (and the examples' dates) give the same results any day;
        // the CLI and servers the tests start inherit it.
        env: { CJM_FAST_PATH_REFUSAL: 'throw', CJM_TODAY: '2026-12-01' }
    }
});
