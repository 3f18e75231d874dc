import { defineConfig } from 'vitest/config';
import { STEP_TIMEOUT, TEST_TIMEOUT } from './harness/timeouts.js';

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
        testTimeout: TEST_TIMEOUT,
        // As long as a Playwright wait, not vitest's 1 s, which a busy machine overruns (a tab
        // icon that follows the theme took longer).
        expect: { poll: { timeout: STEP_TIMEOUT } },
        // Installing code-server on first use takes a few minutes; starting a session about ten seconds.
        hookTimeout: 15 * 60_000,
        pool: 'forks'
    }
});
