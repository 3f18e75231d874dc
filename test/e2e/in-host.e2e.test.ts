/**
 * Runs test/e2e/in-host/suite.cjs inside VS Code's extension host, next to the extension under
 * development (packages/vscode, bundled by the global setup), with the real `vscode` API:
 * in code-server's Node extension host and its web-worker extension host (the extension's
 * `browser` entry point, the language server in a web worker) always, and in desktop VS Code
 * through @vscode/test-electron when CJM_VSCODE_EXECUTABLE names a VS Code executable (it cannot
 * be downloaded here).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openSession, repoRoot, WEB_WORKER_EXTENSION_HOST, type Session } from './harness/session.js';
import { STARTUP_TIMEOUT, TEST_TIMEOUT } from './harness/timeouts.js';

const EXTENSION_DIR = join(repoRoot, 'packages', 'vscode');
const SUITE = join(repoRoot, 'test', 'e2e', 'in-host', 'suite.cjs');
const MARK = '[cjm-in-host]';
const RUN_TIMEOUT_MS = TEST_TIMEOUT;

let session: Session | undefined;

afterAll(async () => {
    await session?.close();
});

/**
 * Loads the workbench with VS Code's extension-test payload and returns the suite's exit code and
 * report lines. `kind` picks the extension host: code-server's Node host (the `main` entry point),
 * or the browser's web-worker host (the `browser` entry point, the language server in a web
 * worker), as vscode.dev and github.dev run it.
 */
async function runSuite(kind: 'node' | 'web'): Promise<{ code: number | 'timeout'; report: string[] }> {
    await session?.close();
    const report: string[] = [];
    let finished: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => {
        finished = resolve;
    });
    // VS Code runs the tests in the extension host of the extension whose folder holds them, and
    // otherwise in the Node host: for the web-worker run, the suite goes into a copy of the extension.
    const extension = kind === 'web' ? copyOfExtensionWithSuite() : { folder: EXTENSION_DIR, suite: SUITE };
    session = await openSession({
        payload: (remote) => [
            ['extensionDevelopmentPath', remote(extension.folder)],
            ['extensionTestsPath', remote(extension.suite)]
        ],
        // `remote.extensionKind` is honoured for an extension under development too. (The test payload's
        // `extensionDevelopmentKind` is parsed by code-server 4.139's web workbench but never read:
        // its environment service exposes it under another name, so that route keeps the Node host.)
        settings: kind === 'web' ? WEB_WORKER_EXTENSION_HOST : {},
        waitForExplorer: false,
        beforeLoad: async (page) => {
            page.on('console', (message) => {
                const text = message.text();
                if (text.includes(MARK)) {
                    report.push(text.slice(text.indexOf(MARK)));
                }
            });
            // The workbench calls these when a test run ends (VS Code's automation hooks).
            await page.exposeFunction('codeAutomationExit', (code: number) => finished(code));
            await page.exposeFunction('codeAutomationLog', () => undefined);
        }
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS);
    });
    const code = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    console.log(report.join('\n'));
    return { code, report };
}

/** The extension as it is packaged (bundles and assets), with the suite inside, in a temp folder removed after the run. */
function copyOfExtensionWithSuite(): { folder: string; suite: string } {
    const folder = mkdtempSync(join(tmpdir(), 'cjm-e2e-web-extension-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    cpSync(EXTENSION_DIR, folder, { recursive: true, filter: (source) => !/^\/(node_modules|src|test)(\/|$)/.test(source.slice(EXTENSION_DIR.length)) });
    const suite = join(folder, 'in-host-suite.cjs');
    cpSync(SUITE, suite);
    return { folder, suite };
}

for (const [kind, host] of [['node', 'Node'], ['web', 'web-worker']] as const) {
    test(`the in-host tests pass in code-server's ${host} extension host`, { timeout: RUN_TIMEOUT_MS + STARTUP_TIMEOUT }, async () => {
        const { code, report } = await runSuite(kind);
        expect(code, `in-host run did not finish:\n${report.join('\n')}\n${session!.serverOutput().slice(-3000)}`).not.toBe('timeout');
        expect(code, report.join('\n')).toBe(0);
        expect(report.some((line) => line.startsWith(`${MARK} host: ${kind === 'web' ? 'web worker' : 'Node '}`)), report.join('\n')).toBe(true);
        expect(report.some((line) => / 0 failed$/.test(line))).toBe(true);
    });
}

test.skipIf(!process.env.CJM_VSCODE_EXECUTABLE)('the in-host tests pass in desktop VS Code', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { runTests } = await import('@vscode/test-electron');
    const scratch = mkdtempSync(join(tmpdir(), 'cjm-e2e-electron-'));
    try {
        const workspace = join(scratch, 'examples');
        cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
        const code = await runTests({
            vscodeExecutablePath: process.env.CJM_VSCODE_EXECUTABLE,
            extensionDevelopmentPath: EXTENSION_DIR,
            extensionTestsPath: SUITE,
            launchArgs: [
                workspace,
                '--disable-extensions',
                '--disable-workspace-trust',
                '--skip-welcome',
                '--user-data-dir',
                join(scratch, 'user-data'),
                '--extensions-dir',
                join(scratch, 'extensions')
            ]
        });
        expect(code).toBe(0);
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
});
