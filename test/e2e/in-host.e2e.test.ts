/**
 * Runs test/e2e/in-host/suite.cjs inside VS Code's extension host, next to the extension under
 * development (packages/vscode, bundled by the global setup), with the real `vscode` API:
 * in code-server always, and in desktop VS Code through @vscode/test-electron when
 * CJM_VSCODE_EXECUTABLE names a VS Code executable (it cannot be downloaded here).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openSession, repoRoot, type Session } from './harness/session.js';
import { STARTUP_TIMEOUT, TEST_TIMEOUT } from './harness/timeouts.js';

const EXTENSION_DIR = join(repoRoot, 'packages', 'vscode');
const SUITE = join(repoRoot, 'test', 'e2e', 'in-host', 'suite.cjs');
const MARK = '[cjm-in-host]';
const RUN_TIMEOUT_MS = TEST_TIMEOUT;

let session: Session | undefined;

afterAll(async () => {
    await session?.close();
});

test('the in-host tests pass in code-server', { timeout: RUN_TIMEOUT_MS + STARTUP_TIMEOUT }, async () => {
    const report: string[] = [];
    let finished: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => {
        finished = resolve;
    });
    session = await openSession({
        payload: (remote) => [
            ['extensionDevelopmentPath', remote(EXTENSION_DIR)],
            ['extensionTestsPath', remote(SUITE)]
        ],
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
    expect(code, `in-host run did not finish:\n${report.join('\n')}\n${session.serverOutput().slice(-3000)}`).not.toBe('timeout');
    expect(code, report.join('\n')).toBe(0);
    expect(report.some((line) => / 0 failed$/.test(line))).toBe(true);
});

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
