/**
 * The packaged extension as vscode.dev and github.dev run it: code-server's workbench with the
 * extension in the browser's web-worker extension host (its `browser` entry point, the language
 * server in a web worker that reads the workspace through VS Code's API): the preview, a hover
 * card and Export PDF's answer. No Node process of the
 * extension runs. Writes test-results/e2e/web-screenshot.png, the README's picture of reviewing a
 * map in the browser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openSession, resultPath, screenshotOnFailure, WEB_WORKER_EXTENSION_HOST, type Session } from './harness/session.js';
import { activeEditor, editorLine, goToPosition, openFile, runCommand, webviewFrame } from './harness/workbench.js';

let session: Session;
let preview: FrameLocator;

beforeAll(async () => {
    session = await openSession({ vsix: inject('vsixPath'), settings: WEB_WORKER_EXTENSION_HOST });
    await openFile(session.page, 'checkout.cjm');
    await runCommand(session.page, 'CJM: Open Preview to the Side');
    preview = await webviewFrame(session.page, 'section.cjm-diagram-journey .cjm-canvas svg');
});

afterAll(async () => {
    await session?.close();
});

screenshotOnFailure(() => session);

/** The command lines of this machine's processes that run a file of the session's installed extensions. */
function extensionProcesses(): string[] {
    return readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .map((pid) => {
            try {
                return readFileSync(join('/proc', pid, 'cmdline'), 'utf8').replaceAll('\0', ' ');
            } catch {
                return '';
            }
        })
        .filter((command) => command.includes(`${session.extensionsDir}/`));
}

describe('the web extension in the browser', () => {
    test('draws the live preview, and the hover card of a persona from another file, with no Node process of its own', async () => {
        const { page } = session;
        const journey = (await preview.locator('section.cjm-diagram-journey .cjm-canvas svg').first().textContent()) ?? '';
        expect(journey).toContain('Checkout process');
        await preview.locator('section.cjm-diagram-emotion .cjm-canvas svg').first().waitFor();
        await preview.locator('section.cjm-diagram-grid table.cjm-grid').waitFor();

        // personas.cjm is not open: the worker read it through the workspace API.
        await goToPosition(page, 9, 12);
        await editorLine(page, 'persona maya').hover();
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        const hover = page.locator('.monaco-hover-content', { hasText: 'Maya, busy parent' }).first();
        await hover.waitFor();
        await page.screenshot({ path: resultPath('web-screenshot.png') });
        await activeEditor(page).click({ position: { x: 300, y: 5 } });

        expect(extensionProcesses()).toEqual([]);
    });

    test('Export PDF says that the browser cannot print one, and how to get it', async () => {
        await preview.getByRole('button', { name: 'Save this journey as a PDF: every diagram and the grid' }).click();
        await session.page.locator('.notifications-toasts .notification-toast', { hasText: 'which VS Code in the browser cannot start' }).waitFor();
        expect(await session.page.locator('.notifications-toasts .notification-toast', { hasText: 'PDF' }).innerText()).toContain('cjm render FILE --format pdf');
    });
});
