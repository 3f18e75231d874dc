/**
 * The live preview in a real workbench: it opens beside the map, draws the journey and the
 * emotion curve, follows edits, reveals the source of a clicked touchpoint, exports SVG and
 * redraws in a dark theme. Writes screenshots to test-results/e2e/ and prints the latency
 * from a keystroke to the updated picture.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openSession, resultPath, screenshotOnFailure, type Session } from './harness/session.js';
import { clickWhereShown, cursorAt, editorLine, goToPosition, openFile, runCommand, webviewFrame } from './harness/workbench.js';

const STAGES = ['Awareness', 'Consideration', 'Acquisition', 'Service', 'Loyalty'];
const TOUCHPOINTS = ['Instagram ad', 'Website visit', 'Compares delivery options', 'Checkout process', 'Tracks the parcel', 'Support chat', 'Writes a review'];

let session: Session;
let preview: FrameLocator;

beforeAll(async () => {
    session = await openSession({ vsix: inject('vsixPath') });
    await openFile(session.page, 'checkout.cjm');
    await runCommand(session.page, 'CJM: Open Preview to the Side');
    preview = await webviewFrame(session.page, 'section.cjm-diagram-journey .cjm-canvas svg');
});

afterAll(async () => {
    await session?.close();
});

screenshotOnFailure(() => session);

const journeySvg = () => preview.locator('section.cjm-diagram-journey .cjm-canvas svg').first();
const emotionSvg = () => preview.locator('section.cjm-diagram-emotion .cjm-canvas svg').first();

/** How many render messages the webview has handled (it counts them on `<body data-render-count>`). */
async function renderCount(): Promise<number> {
    return Number((await preview.locator('body').getAttribute('data-render-count')) ?? '0');
}

describe('the CJM preview', () => {
    test('opens beside the map and draws the journey and the emotion curve', async () => {
        const { page } = session;
        // Two editor groups: the map on the left, the preview on the right.
        await expect.poll(() => page.locator('.editor-group-container').count(), { timeout: 10_000 }).toBe(2);
        await page.locator('.tabs-container .tab', { hasText: 'Preview checkout.cjm' }).waitFor();

        const journey = (await journeySvg().textContent()) ?? '';
        for (const stage of STAGES) {
            expect(journey).toContain(stage);
        }
        for (const touchpoint of TOUCHPOINTS) {
            expect(journey).toContain(touchpoint);
        }
        await emotionSvg().waitFor();
        const curve = (await emotionSvg().textContent()) ?? '';
        for (const touchpoint of TOUCHPOINTS) {
            expect(curve).toContain(touchpoint);
        }
        // The curve is a drawn line, not only axis labels.
        expect(await emotionSvg().locator('path').count()).toBeGreaterThan(0);
        await page.screenshot({ path: resultPath('preview-light.png') });
    });

    test('follows an edit of a touchpoint’s `feels`, and reports the latency', async () => {
        const { page } = session;
        const before = await emotionSvg().innerHTML();
        const countBefore = await renderCount();
        // Line 18 is `      feels curious hesitant` (the Instagram ad): make it `feels delighted`.
        await goToPosition(page, 18, 13);
        await page.keyboard.press('Shift+End');
        // Until the last letter the emotion is unknown (an error), and the preview keeps its last good picture.
        await page.keyboard.type('delighte');
        const lastKey = Date.now();
        await page.keyboard.type('d');
        await expect.poll(() => emotionSvg().innerHTML(), { timeout: 15_000, interval: 20 }).not.toBe(before);
        const latency = Date.now() - lastKey;
        expect(await renderCount()).toBeGreaterThan(countBefore);
        console.log(`[e2e] last keystroke to updated preview: ${latency} ms (includes the preview's 300 ms debounce)`);
        await editorLine(page, 'feels delighted').waitFor();
    });

    test('clicking a touchpoint in the journey moves the editor cursor to it', async () => {
        const { page } = session;
        await goToPosition(page, 1, 1);
        // Mermaid ids each task's line `…-taskN`; the second touchpoint is `visit` ("Website visit").
        const task = journeySvg().locator('g:has(> line.task-line[id$="-task1"]) rect.task').first();
        await clickWhereShown(page, task);
        // The editor selects the whole touchpoint, leaving the cursor at its closing brace.
        const source = readFileSync(join(session.folder, 'checkout.cjm'), 'utf8').split('\n');
        const first = source.findIndex((text) => text.includes('touchpoint visit "Website visit"')) + 1;
        const last = source.findIndex((text, index) => index >= first && text.trim() === '}') + 1;
        await cursorAt(page, last, source[last - 1].indexOf('}') + 2);
        expect(await page.locator('#status\\.editor\\.selection').innerText()).toMatch(/\(\d+ selected\)/);
        // And back: with the cursor in that touchpoint the preview highlights its task.
        await expect.poll(() => task.getAttribute('class'), { timeout: 10_000 }).toContain('cjm-highlight');
    });

    test('exports the journey as an SVG file', async () => {
        const { page, folder } = session;
        await preview.getByRole('button', { name: 'Export the journey as SVG' }).click();
        // VS Code's own save dialog in the web: a path box prefilled with the suggested name.
        const input = page.locator('.quick-input-widget input.input');
        await input.waitFor({ state: 'visible' });
        await expect.poll(() => input.inputValue(), { timeout: 10_000 }).toMatch(/checkout-checkout-journey\.svg$/);
        await page.keyboard.press('Enter');
        const file = join(folder, 'checkout-checkout-journey.svg');
        await expect.poll(() => existsSync(file), { timeout: 15_000 }).toBe(true);
        const svg = readFileSync(file, 'utf8');
        expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
        for (const stage of STAGES) {
            expect(svg).toContain(stage);
        }
    });

    test('redraws in the colours of a dark theme', async () => {
        const { page } = session;
        const fills = () => journeySvg().locator('rect').evaluateAll((rects) => rects.map((rect) => getComputedStyle(rect).fill).join(' '));
        const lightFills = await fills();
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+T');
        const input = page.locator('.quick-input-widget input.input');
        await input.waitFor({ state: 'visible' });
        await input.fill('Dark Modern');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor();
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden' });
        await expect.poll(fills, { timeout: 15_000 }).not.toBe(lightFills);
        await page.screenshot({ path: resultPath('preview-dark.png') });
    });
});
