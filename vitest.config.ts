import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
        exclude: ['**/node_modules/**', 'test/e2e/**'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        pool: 'forks',
        // A grammar the fast parser refuses stops the tests (production falls back to Langium's parser).
        env: { CJM_FAST_PATH_REFUSAL: 'throw' }
    }
});
