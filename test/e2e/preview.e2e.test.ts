/**
 * The live preview in a real workbench: it opens beside the map, draws the journey and the
 * emotion curve, follows edits, keeps its last good picture while the text does not parse,
 * reveals the source of a clicked touchpoint, exports SVG, PNG, Markdown and PDF through VS Code's
 * save dialog, redraws in a dark theme, and keeps a locked preview on its file (through an edit
 * of the persona library it uses, and a reload of the window). Writes screenshots to
 * test-results/e2e/ (vscode-screenshot.png is the README's picture) and prints the latency from
 * a keystroke to the updated picture.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openSession, repoRoot, resultPath, screenshotOnFailure, type Session } from './harness/session.js';
import { activeEditor, clickWhereShown, cursorAt, editorLine, goToPosition, lineOf, openFile, reloadWindow, runCommand, save, webviewFrame, webviewHasFocus } from './harness/workbench.js';

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
/** The emotion curve's actual line: Mermaid draws it last, on top of the expected one. */
const actualLine = () => emotionSvg().locator('g.plot > g[class^="line-plot-"] > path').last();
const banner = () => preview.locator('.cjm-banner');
const tab = (page: Page, title: string) => page.locator('.tabs-container .tab', { hasText: title });

/** The image of a tab's icon (the workbench sets it on the label for the theme's kind, light or dark). */
function tabIcon(page: Page, title: string): Promise<string> {
    return tab(page, title).locator('.monaco-icon-label-iconpath').evaluate((icon) => decodeURIComponent((icon as HTMLElement).style.backgroundImage));
}

/** How many render messages the webview has handled (it counts them on `<body data-render-count>`). */
async function renderCount(): Promise<number> {
    return Number((await preview.locator('body').getAttribute('data-render-count')) ?? '0');
}

/** The webview of the preview whose toolbar names `fileName` (several previews may be open). */
async function previewOf(page: Page, fileName: string): Promise<FrameLocator> {
    const frame = await webviewFrame(page, `.cjm-toolbar .cjm-file:text-is("${fileName}")`);
    await frame.locator('section.cjm-diagram-journey .cjm-canvas svg').first().waitFor();
    return frame;
}

/** Answers VS Code's save dialog in the web workbench (a path box prefilled with the suggested name). */
async function acceptSaveDialog(page: Page, suggested: RegExp): Promise<void> {
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await expect.poll(() => input.inputValue()).toMatch(suggested);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
}

/** Gives the map's editor (the first group's checkout.cjm) the keyboard, wherever the focus was (a webview keeps it). */
async function focusMap(page: Page): Promise<void> {
    await page.locator('.editor-group-container').first().locator('.tabs-container .tab', { hasText: /^checkout\.cjm/ }).click();
    await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: /^checkout\.cjm/ }).waitFor();
}

/** Picks an entry of the quick pick that is open. */
async function pick(page: Page, label: string): Promise<void> {
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(label);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
}

describe('the CJM preview', () => {
    test('opens beside the map, titled and with its icon, and draws the journey and the emotion curve', async () => {
        const { page } = session;
        // Two editor groups: the map on the left, the preview on the right.
        await expect.poll(() => page.locator('.editor-group-container').count()).toBe(2);
        await tab(page, 'Preview checkout.cjm').waitFor();
        expect(await tabIcon(page, 'Preview checkout.cjm')).toMatch(/\/media\/preview-icon\.svg/);

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
        // The curve is a drawn line with a point per touchpoint, not only axis labels.
        expect(await actualLine().getAttribute('d')).toMatch(/^M[\d.,L-]+$/);
        expect(await emotionSvg().locator('circle.cjm-point').count()).toBe(TOUCHPOINTS.length);
        await page.screenshot({ path: resultPath('preview-light.png') });

        // The README's picture: the map and its preview side by side, without the side bar, the
        // cursor in a touchpoint that the preview highlights.
        const drawnWidth = () => journeySvg().evaluate((svg) => Math.round(svg.getBoundingClientRect().width));
        const narrow = await drawnWidth();
        await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
        await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
        // Fitted diagrams follow the panel as it widens.
        await expect.poll(drawnWidth).toBeGreaterThan(narrow);
        // Inside the Website visit touchpoint, on its `does` line.
        await goToPosition(page, lineOf(session.folder, 'checkout.cjm', 'does "Browses categories"'), 9);
        await expect.poll(() => journeySvg().locator('.cjm-highlight').count()).toBe(1);
        await page.screenshot({ path: resultPath('vscode-screenshot.png') });
        await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
        await page.locator('.part.sidebar').waitFor({ state: 'visible' });
    });

    test('follows an edit of a touchpoint’s `feels`, and reports the latency', async () => {
        const { page } = session;
        const before = await actualLine().getAttribute('d');
        const countBefore = await renderCount();
        // `      feels curious hesitant` (the Instagram ad, score 0): make it `feels delighted` (+2).
        await goToPosition(page, lineOf(session.folder, 'checkout.cjm', 'feels curious hesitant'), 13);
        await page.keyboard.press('Shift+End');
        // Until the last letter the emotion is unknown (an error the preview draws, at 0 as before).
        await page.keyboard.type('delighte');
        const lastKey = Date.now();
        await page.keyboard.type('d');
        await expect.poll(() => actualLine().getAttribute('d'), { interval: 20 }).not.toBe(before);
        const latency = Date.now() - lastKey;
        expect(await renderCount()).toBeGreaterThan(countBefore);
        console.log(`[e2e] last keystroke to updated preview: ${latency} ms (a burst of keystrokes: includes the preview's wait for it to pause)`);
        await editorLine(page, 'feels delighted').waitFor();
        await expect.poll(() => banner().isVisible()).toBe(false);
    });

    test('reports the median of ten keystroke-to-picture latencies', async () => {
        const { page } = session;
        // The webview notes, by the machine's clock, each moment the curve's actual line changes.
        await preview.locator('body').evaluate((body) => {
            const record = window as unknown as { __curveChanged: number[] };
            record.__curveChanged = [];
            const line = () => Array.from(body.querySelectorAll('section.cjm-diagram-emotion .cjm-canvas svg g.plot > g[class^="line-plot-"] > path')).at(-1)?.getAttribute('d');
            let shown = line();
            new MutationObserver(() => {
                if (line() !== shown) {
                    shown = line();
                    record.__curveChanged.push(Date.now());
                }
            }).observe(body, { subtree: true, childList: true, attributes: true });
        });
        const drawnAfter = async (since: number) => {
            const changes = await preview.locator('body').evaluate(() => (window as unknown as { __curveChanged: number[] }).__curveChanged);
            return changes.find((at) => at >= since);
        };
        /** One keystroke, and how long until the curve shows it. */
        const keystroke = async (key: string) => {
            const pressed = Date.now();
            await page.keyboard.press(key);
            await expect.poll(() => drawnAfter(pressed), { timeout: 15_000, interval: 20 }).toBeDefined();
            return (await drawnAfter(pressed))! - pressed;
        };
        // `feels delighted` becomes `feels 1`; then each keystroke makes it -1 or 1 again.
        await goToPosition(page, lineOf(session.folder, 'checkout.cjm', 'feels delighted'), 13);
        await page.keyboard.press('Shift+End');
        await keystroke('1');
        await page.keyboard.press('ArrowLeft');
        const latencies: number[] = [];
        for (let sample = 0; sample < 10; sample++) {
            latencies.push(await keystroke(sample % 2 === 0 ? '-' : 'Backspace'));
        }
        await editorLine(page, 'feels 1').waitFor();
        const sorted = [...latencies].sort((a, b) => a - b);
        console.log(`[e2e] keystroke to updated preview, median of ${latencies.length}: ${(sorted[4] + sorted[5]) / 2} ms (each: ${latencies.join(', ')} ms)`);
    });

    test('keeps the last good picture, under a banner, while the text does not parse', async () => {
        const { page } = session;
        // The picture itself; which touchpoint the cursor highlights in it follows the cursor.
        const drawn = async () => (await journeySvg().innerHTML()).replace(/ cjm-highlight\b/g, '');
        const picture = await drawn();
        // A stray brace before the first touchpoint closes its stage too early.
        await goToPosition(page, lineOf(session.folder, 'checkout.cjm', 'touchpoint ad "Instagram ad"'), 1);
        await page.keyboard.type('}');
        try {
            await expect.poll(() => banner().textContent()).toMatch(/^\d+ syntax errors?( and \d+ other errors?)? — line \d+: .*\(showing the last picture without syntax errors\)$/);
            expect(await drawn()).toBe(picture);
        } finally {
            // The tests after this one edit the map as it was.
            await page.keyboard.press('Control+Z');
        }
        await expect.poll(() => banner().isVisible()).toBe(false);
        expect(await activeEditor(page).locator('.view-line', { hasText: /^\}\s*touchpoint ad/ }).count()).toBe(0);
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
        await expect.poll(() => task.getAttribute('class')).toContain('cjm-highlight');
    });

    test('exports the journey as an SVG file from the preview toolbar', async () => {
        const { page, folder } = session;
        await preview.getByRole('button', { name: 'Export the journey as SVG' }).click();
        await acceptSaveDialog(page, /checkout-checkout-journey\.svg$/);
        const file = join(folder, 'checkout-checkout-journey.svg');
        await expect.poll(() => existsSync(file)).toBe(true);
        const svg = readFileSync(file, 'utf8');
        expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
        for (const stage of STAGES) {
            expect(svg).toContain(stage);
        }
    });

    test('exports a PNG from the command palette while the preview is hidden behind another tab', async () => {
        const { page, folder } = session;
        // A new untitled file moved into the preview's group hides the preview (and is no map to follow).
        await focusMap(page);
        await runCommand(page, 'File: New Untitled Text File');
        await runCommand(page, 'View: Move Editor into Next Group');
        await expect.poll(() => tab(page, 'Preview checkout.cjm').getAttribute('aria-selected')).toBe('false');
        await focusMap(page);
        await runCommand(page, 'CJM: Export Diagram as PNG');
        await pick(page, 'Emotion curve');
        await acceptSaveDialog(page, /checkout-checkout-emotion\.png$/);
        const file = join(folder, 'checkout-checkout-emotion.png');
        await expect.poll(() => existsSync(file)).toBe(true);
        const png = readFileSync(file);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        // Twice the size of the drawn curve (at least 700 px wide).
        expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1400);
        // The preview was brought forward to draw it, and highlights again what the cursor is in
        // (the touchpoint selected by the click above).
        await expect.poll(() => tab(page, 'Preview checkout.cjm').getAttribute('aria-selected')).toBe('true');
        await expect.poll(() => journeySvg().locator('rect.task.cjm-highlight').count()).toBe(1);
    });

    test('exports the journey as the PDF `cjm render --format pdf` prints, from the preview toolbar', async () => {
        const { page, folder } = session;
        await focusMap(page);
        await save(page);
        await preview.getByRole('button', { name: 'Save this journey as a PDF: every diagram and the grid' }).click();
        await acceptSaveDialog(page, /checkout-checkout\.pdf$/);
        const file = join(folder, 'checkout-checkout.pdf');
        await expect.poll(() => existsSync(file)).toBe(true);
        execFileSync(process.execPath, [join(repoRoot, 'packages/cli/bin/cjm.js'), 'render', 'checkout.cjm', '--format', 'pdf', '--journey', 'checkout', '-o', 'cli.pdf'], { cwd: folder });
        const text = (pdf: string) => execFileSync('pdftotext', ['-layout', join(folder, pdf), '-'], { encoding: 'utf8' });
        expect(text('checkout-checkout.pdf')).toBe(text('cli.pdf'));
        expect(text('cli.pdf')).toContain('Pain points');
    });

    test('Export PDF says what to do when there is no Chromium to print with', async () => {
        const { page, folder } = session;
        mkdirSync(join(folder, '.vscode'), { recursive: true });
        // VS Code reads a changed settings file a moment later: the preview's diagrams, changed in the
        // same write, show when it has (the export would otherwise still find the machine's Chromium).
        const sections = () => preview.locator('section.cjm-diagram:not([hidden])').evaluateAll((all) => all.map((section) => (section as HTMLElement).dataset.kind));
        writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'cjm.export.chromium': '/no/chromium', 'cjm.preview.diagrams': ['journey', 'grid'] }));
        try {
            await expect.poll(sections).toEqual(['journey', 'grid']);
            await focusMap(page);
            await runCommand(page, 'CJM: Export Journey as PDF');
            await page.locator('.notifications-toasts .notification-toast', { hasText: 'the cjm.export.chromium setting names /no/chromium, which is not an executable file' }).waitFor();
        } finally {
            writeFileSync(join(folder, '.vscode', 'settings.json'), '{}');
        }
        await expect.poll(sections).toEqual(['journey', 'emotion', 'flow', 'grid']);
    });

    test('exports the journey as the Markdown `cjm render --format md` writes', async () => {
        const { page, folder } = session;
        // The CLI reads the file from disk: save the edits of the tests above first.
        await focusMap(page);
        await save(page);
        await runCommand(page, 'CJM: Export Journey as Markdown');
        await acceptSaveDialog(page, /checkout-checkout\.md$/);
        const file = join(folder, 'checkout-checkout.md');
        await expect.poll(() => existsSync(file)).toBe(true);
        const cli = execFileSync(process.execPath, [join(repoRoot, 'packages/cli/bin/cjm.js'), 'render', 'checkout.cjm', '--format', 'md', '--journey', 'checkout'], {
            cwd: folder,
            encoding: 'utf8'
        });
        expect(readFileSync(file, 'utf8')).toBe(cli);
        expect(cli).toContain('Average emotion');
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
        await expect.poll(fills).not.toBe(lightFills);
        // The tab's icon has a dark variant.
        await expect.poll(() => tabIcon(page, 'Preview checkout.cjm')).toMatch(/\/media\/preview-icon-dark\.svg/);
        await page.screenshot({ path: resultPath('preview-dark.png') });
    });

    test('follows the diagrams setting, and says so when there is no diagram to export', async () => {
        const { page, folder } = session;
        // The sections shown (a journey without blueprint lines keeps its blueprint section hidden).
        const sections = () => preview.locator('section.cjm-diagram:not([hidden])').evaluateAll((all) => all.map((section) => (section as HTMLElement).dataset.kind));
        mkdirSync(join(folder, '.vscode'), { recursive: true });
        writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'cjm.preview.diagrams': ['grid'] }));
        await expect.poll(sections).toEqual(['grid']);
        await focusMap(page);
        await runCommand(page, 'CJM: Export Diagram as SVG');
        await page.locator('.notifications-toasts .notification-toast', { hasText: 'the preview shows no diagram to export as SVG or PNG' }).waitFor();
        writeFileSync(join(folder, '.vscode', 'settings.json'), '{}');
        await expect.poll(sections).toEqual(['journey', 'emotion', 'flow', 'grid']);
    });

    test('CJM: Refresh Preview loads the page afresh', async () => {
        const { page } = session;
        await preview.locator('body').evaluate((body) => (body.dataset.before = 'refresh'));
        await focusMap(page);
        await runCommand(page, 'CJM: Refresh Preview');
        await expect.poll(() => preview.locator('body[data-before]').count()).toBe(0);
        await journeySvg().waitFor();
    });

    test('a locked preview stays on its file, redraws when the persona library changes, and is the one Show Source acts on when focused', async () => {
        const { page } = session;
        await focusMap(page);
        await runCommand(page, 'CJM: Open Locked Preview to the Side');
        await tab(page, '[Preview] checkout.cjm').waitFor();
        // The dynamic preview follows the editor to the persona library; the locked one stays.
        await openFile(page, 'personas.cjm');
        await tab(page, 'Preview personas.cjm').waitFor();
        await expect.poll(() => tab(page, 'Preview checkout.cjm').count()).toBe(0);
        const locked = await previewOf(page, 'checkout.cjm');
        expect(await locked.locator('.cjm-banner').isVisible()).toBe(false);

        // Renaming Maya in personas.cjm leaves checkout.cjm naming an unknown persona (line 9).
        await goToPosition(page, 3, 13);
        await page.keyboard.type('x');
        await expect.poll(() => locked.locator('.cjm-banner').textContent()).toMatch(/— line 9: No persona named 'maya'/);
        await page.keyboard.press('Control+Z');
        await expect.poll(() => locked.locator('.cjm-banner').isVisible()).toBe(false);

        // With two previews open, commands act on the focused one: Show Source opens checkout.cjm.
        await page.keyboard.press('Control+2');
        await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: '[Preview] checkout.cjm' }).waitFor();
        await webviewHasFocus(page);
        await runCommand(page, 'CJM: Show Source');
        await page.locator('.editor-group-container').first().locator('.tabs-container .tab.active', { hasText: /^checkout\.cjm/ }).waitFor();
    });

    test('a locked preview comes back locked after Reload Window', async () => {
        const { page } = session;
        // Reload Window shuts the workbench down properly, so it stores its editors first.
        await reloadWindow(page);
        await tab(page, '[Preview] checkout.cjm').waitFor();
        await previewOf(page, 'checkout.cjm');
        // Opening another map leaves it on checkout.cjm.
        await focusMap(page);
        await openFile(page, 'onboarding.cjm');
        // Were it restored unlocked, it would be the preview that Open Preview reuses for onboarding.cjm.
        await runCommand(page, 'CJM: Open Preview to the Side');
        await tab(page, 'Preview onboarding.cjm').waitFor();
        expect(await tab(page, '[Preview] checkout.cjm').count()).toBe(1);
        // Shown again, it still draws checkout.cjm.
        await tab(page, '[Preview] checkout.cjm').click();
        const restored = await previewOf(page, 'checkout.cjm');
        expect(await restored.locator('.cjm-toolbar .cjm-file').textContent()).toBe('checkout.cjm');
    });
});
