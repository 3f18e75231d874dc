/**
 * The bounds of the suite's waits, in one place. They are bounds for a hang, never expectations:
 * every wait ends as soon as its signal shows. On an idle machine a step takes well under a
 * second; on a two-core machine that other jobs keep at a load of 20, steps of the same run
 * took up to 16 s (typing into Quick Open while the extension host restarted), and a cold start
 * about 40 s.
 */

/** One step: a Playwright wait (the page's default timeout) or an `expect.poll` (the config's default). */
export const STEP_TIMEOUT = 60_000;

/**
 * A wait that includes a cold start: the page loading, the extension host starting its extensions,
 * the language server starting, a webview loading Mermaid (5.5 MB through the webview's service
 * worker). Used on opening a session, after Reload Window, and for a webview's first content.
 */
export const STARTUP_TIMEOUT = 120_000;

/** One test: several steps, and perhaps a cold start. */
export const TEST_TIMEOUT = 300_000;
