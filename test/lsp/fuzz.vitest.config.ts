import { defineConfig } from 'vitest/config';

/** `npm run fuzz`: the server fuzzer for FUZZ_MINUTES (default 10) instead of its CI-sized run. */
export default defineConfig({
    test: {
        include: ['test/lsp/server-fuzz.test.ts'],
        env: { FUZZ_MINUTES: process.env.FUZZ_MINUTES ?? '10', CJM_FAST_PATH_REFUSAL: 'throw' },
        hookTimeout: 120_000,
        pool: 'forks'
    }
});
