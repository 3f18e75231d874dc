import { defineConfig } from 'vitest/config';

/**
 * The end-to-end suite: a real VS Code workbench (code-server) in headless Chromium. Run with
 * `npm run test:e2e`. Files run one after another: each starts its own code-server and browser,
 * and two of those at once would crowd a two-core CI machine.
 */
export default defineConfig({
    root: import.meta.dirname,
    test: {
        include: ['**/*.e2e.test.ts'],
        globalSetup: ['./global-setup.ts'],
        fileParallelism: false,
        testTimeout: 120_000,
        // Installing code-server on first use takes a few minutes; starting a session about ten seconds.
        hookTimeout: 15 * 60_000,
        pool: 'forks',
        // Today is fixed for stale marks, as in the unit tests; code-server and its language server inherit it.
        env: { CJM_TODAY: '2026-12-01' }
    }
});
