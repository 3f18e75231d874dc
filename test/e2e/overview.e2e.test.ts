/**
 * The workspace overview in a real workbench (code-server): CJM: Open Workspace Overview shows the
 * examples' journeys as a tree with the portfolio chart; clicking a journey opens its preview,
 * clicking an item reveals it in its file; the overview follows an edit of any map; it comes back
 * after a reload. Saves test-results/e2e/overview.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openSession, resultPath, screenshotOnFailure, type Session } from './harness/session.js';
import { activeEditor, cursorAt, openFile, runCommand, startCommand, webviewFrame } from './harness/workbench.js';

let session: Session;
let overview: FrameLocator;

const tab = (page: Page, title: string) => page.locator('.tabs-container .tab', { hasText: title });
const treeRows = (frame: FrameLocator) => frame.locator('table.cjm-journeys tr.cjm-journey-row th');

beforeAll(async () => {
    session = await openSession({ vsix: inject('vsixPath') });
    // The language server starts with the first .cjm editor.
    await openFile(session.page, 'lifecycle.cjm');
    await runCommand(session.page, 'CJM: Open Workspace Overview');
    overview = await webviewFrame(session.page, 'table.cjm-journeys');
});

afterAll(async () => {
    await session?.close();
});

screenshotOnFailure(() => session);

describe('CJM: Open Workspace Overview', () => {
    test('shows every journey as a tree by subjourney, the portfolio chart, the insights and the metrics', async () => {
        const { page } = session;
        await tab(page, 'Workspace Overview').waitFor();
        await expect.poll(() => treeRows(overview).allTextContents(), { timeout: 20_000 })
            .toEqual(['Customer lifecycle', '↳ Online checkout', '↳ Buying school shoes together', '↳ Invoicing app onboarding', '↳ Fixing a billing mistake']);
        await overview.locator('#cjm-overview-portfolio svg').waitFor();
        expect(await overview.locator('#cjm-overview-portfolio svg text', { hasText: 'Quick wins' }).count()).toBe(1);
        expect(await overview.locator('table.cjm-insights .cjm-unused').count()).toBe(1);
        expect(await overview.locator('tr[data-cjm-journey="billing-support"] .cjm-stale').count()).toBe(1);
        await page.screenshot({ path: resultPath('overview.png') });
    });

    test('clicking a journey opens its preview; clicking an item reveals it in its file', async () => {
        const { page } = session;
        await overview.locator('tr[data-cjm-journey="onboarding"] .cjm-journey-link').click();
        await tab(page, 'Preview onboarding.cjm').waitFor({ timeout: 20_000 });
        const preview = await webviewFrame(page, '.cjm-toolbar .cjm-file:text-is("onboarding.cjm")');
        await preview.locator('section.cjm-diagram-journey .cjm-canvas svg').first().waitFor();

        await tab(page, 'Workspace Overview').click();
        overview = await webviewFrame(page, 'table.cjm-portfolio');
        await overview.locator('table.cjm-portfolio tr.cjm-opportunity', { hasText: 'Call back instead of queueing' }).click();
        await page.locator('.tabs-container .tab.active', { hasText: /^billing-support\.cjm/ }).waitFor({ timeout: 20_000 });
        // The opportunity is selected, from its line to its `}`: the cursor ends after the `}`.
        const lines = readFileSync(join(session.folder, 'billing-support.cjm'), 'utf8').split('\n');
        const first = lines.findIndex((line) => line.includes('opportunity "Call back instead of queueing"'));
        const last = lines.findIndex((line, index) => index > first && line.trim() === '}');
        await cursorAt(page, last + 1, lines[last].indexOf('}') + 2);
        expect(await page.locator('#status\\.editor\\.selection').innerText()).toMatch(/\(\d+ selected\)/);
        expect(await activeEditor(page).locator('.view-line', { hasText: 'Call back instead of queueing' }).count()).toBe(1);
    });

    test('follows an edit of any map, and comes back after a reload', async () => {
        const { page } = session;
        await openFile(page, 'checkout.cjm');
        const title = activeEditor(page).locator('.view-line', { hasText: 'journey checkout "Online checkout"' });
        await title.click();
        await page.keyboard.press('End');
        // Inside the title: `"Online checkout!" {`.
        for (let i = 0; i < '" {'.length; i++) {
            await page.keyboard.press('ArrowLeft');
        }
        await page.keyboard.type('!');
        await tab(page, 'Workspace Overview').click();
        overview = await webviewFrame(page, 'table.cjm-journeys');
        await expect.poll(() => treeRows(overview).allTextContents(), { timeout: 20_000 }).toContain('↳ Online checkout!');

        const reloaded = page.waitForEvent('load', { timeout: 60_000 });
        await startCommand(page, 'Developer: Reload Window');
        await reloaded;
        await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
        await tab(page, 'Workspace Overview').waitFor({ timeout: 30_000 });
        await tab(page, 'Workspace Overview').click();
        overview = await webviewFrame(page, 'table.cjm-journeys', 60_000);
        await expect.poll(() => treeRows(overview).count(), { timeout: 30_000 }).toBe(5);
    });
});
