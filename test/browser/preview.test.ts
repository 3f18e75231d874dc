/**
 * The preview webview in a real browser: the bundled dist/webview/webview.js and mermaid.min.js under the
 * same Content-Security-Policy the extension sets, with a stand-in for the one host API a webview
 * has (acquireVsCodeApi). The host's render messages are built exactly as the extension builds
 * them, from every example map and a hostile one.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MERMAID_LOOKALIKES, WORD_JOINER, buildRenderModel } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import type { RenderMessage, WebviewToHost } from '../../packages/vscode/src/protocol.js';
import { DIAGRAM_KINDS } from '../../packages/vscode/src/protocol.js';
import { buildRenderMessage } from '../../packages/vscode/src/preview/render-message.js';
import { buildPreviewHtml, createNonce } from '../../packages/vscode/src/preview/security.js';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'packages/vscode/dist/webview');
const outDir = join(root, 'test-results/browser-preview');
const screenshots = join(root, 'test-results/screenshots');

const EXAMPLES = existsSync(join(root, 'examples')) ? listCjm(join(root, 'examples')) : listCjm(join(root, 'test/fixtures/spec'));
const HOSTILE = join(root, 'test/fixtures/hostile-preview.cjm');
const TWO_JOURNEYS = join(import.meta.dirname, 'fixtures/two-journeys.cjm');

/** VS Code's theme classes and a few of the colour variables it injects into every webview. */
const THEMES = {
    light: { bodyClass: 'vscode-light', vars: { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#1f1f1f' } },
    dark: { bodyClass: 'vscode-dark', vars: { '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': '#cccccc', '--vscode-panel-border': '#444444', '--vscode-button-secondaryBackground': '#3a3d41', '--vscode-button-secondaryForeground': '#cccccc' } }
} as const;

function listCjm(folder: string): string[] {
    return readdirSync(folder).filter((name) => name.endsWith('.cjm')).sort().map((name) => join(folder, name));
}

/** Render messages for every journey of every file, with the files loaded into one workspace (as in VS Code). */
async function renderMessages(files: string[]): Promise<RenderMessage[]> {
    const workspace = createNodeCjmWorkspace();
    const documents = await workspace.load(files.map((file) => ({ uri: file, text: readFileSync(file, 'utf8') })));
    return documents.flatMap((document) => {
        const model = buildRenderModel(document);
        return model.journeys.map((journey) =>
            buildRenderMessage(model, basename(document.uri.path), { journeyId: journey.id, diagrams: [...DIAGRAM_KINDS], theme: 'auto' })
        );
    });
}

/** Text as a user reads it in a Mermaid drawing: look-alikes read as the characters they stand for. */
function asRead(text: string): string {
    const back = new Map(Object.entries(MERMAID_LOOKALIKES).map(([ascii, lookalike]) => [lookalike, ascii]));
    return [...text.replaceAll(WORD_JOINER, '')].map((char) => back.get(char) ?? char).join('').replace(/\s+/g, ' ').trim();
}

interface PreviewPage {
    page: Page;
    consoleErrors: string[];
    dialogs: string[];
    posted(): Promise<WebviewToHost[]>;
    cspViolations(): Promise<string[]>;
    render(message: unknown): Promise<void>;
}

let browser: Browser;
let htmlFile: string;

beforeAll(async () => {
    for (const file of ['webview.js', 'mermaid.min.js']) {
        expect(existsSync(join(dist, file)), `dist/${file} missing: run \`npm run bundle -w cjm-vscode\``).toBe(true);
    }
    mkdirSync(outDir, { recursive: true });
    mkdirSync(screenshots, { recursive: true });
    const url = (path: string) => pathToFileURL(path).href;
    htmlFile = join(outDir, 'preview.html');
    writeFileSync(
        htmlFile,
        buildPreviewHtml({
            cspSource: 'file:',
            nonce: createNonce(),
            styleUri: url(join(root, 'media/preview.css')),
            mermaidUri: url(join(dist, 'mermaid.min.js')),
            scriptUri: url(join(dist, 'webview.js'))
        })
    );
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
});

afterAll(async () => {
    await browser?.close();
});

async function openPreview(theme: keyof typeof THEMES = 'light'): Promise<PreviewPage> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
    });
    // Runs before any page script and outside the page's CSP, like VS Code's own webview bootstrap.
    await page.addInitScript(() => {
        const record = window as unknown as { __posted: unknown[]; __csp: string[] };
        record.__posted = [];
        record.__csp = [];
        let state: unknown;
        Object.assign(window, {
            acquireVsCodeApi: () => ({
                postMessage: (message: unknown) => record.__posted.push(message),
                getState: () => state,
                setState: (next: unknown) => (state = next)
            })
        });
        document.addEventListener('securitypolicyviolation', (event) => record.__csp.push(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    await page.goto(pathToFileURL(htmlFile).href);
    await page.evaluate(({ bodyClass, vars }) => {
        document.body.classList.add(bodyClass);
        for (const [name, value] of Object.entries(vars)) {
            document.documentElement.style.setProperty(name, value);
        }
    }, THEMES[theme]);
    const posted = () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted);
    await expect.poll(posted).toContainEqual({ type: 'ready' });
    return {
        page,
        consoleErrors,
        dialogs,
        posted,
        cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
        async render(message) {
            const before = await page.evaluate(() => Number(document.body.dataset.renderCount ?? '0'));
            await page.evaluate((data) => window.postMessage(data, '*'), message);
            await page.waitForFunction((count) => Number(document.body.dataset.renderCount ?? '0') > count, before);
        }
    };
}

async function expectCleanPage(preview: PreviewPage): Promise<void> {
    expect(preview.consoleErrors).toEqual([]);
    expect(await preview.cspViolations()).toEqual([]);
    expect(preview.dialogs).toEqual([]);
    expect(await preview.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect((await preview.posted()).filter((message) => message.type === 'renderError' || message.type === 'cspViolation')).toEqual([]);
}

describe('the preview webview in Chromium', () => {
    test('draws every example journey: journey diagram, emotion curve, stage flow and grid', async () => {
        const messages = await renderMessages(EXAMPLES);
        expect(messages.length).toBeGreaterThan(0);
        const preview = await openPreview();
        for (const message of messages) {
            await preview.render(message);
            const drawn = await preview.page.evaluate(() => {
                const text = (selector: string) => document.querySelector(selector)?.textContent ?? '';
                const plot = document.querySelector('.cjm-diagram-emotion svg g.line-plot-0 path')?.getAttribute('d') ?? '';
                return {
                    journeyText: text('.cjm-diagram-journey svg'),
                    journeyTasks: document.querySelectorAll('.cjm-diagram-journey svg rect.task').length,
                    emotionPoints: (plot.match(/[ML]/g) ?? []).length,
                    flowNodes: document.querySelectorAll('.cjm-diagram-flow svg g.node').length,
                    gridStages: Array.from(document.querySelectorAll('.cjm-diagram-grid th.cjm-stage')).map((th) => th.firstChild?.textContent ?? '')
                };
            });
            const journey = message.elements;
            const stages = journey.filter((element) => element.kind === 'stage');
            const touchpoints = journey.filter((element) => element.kind === 'touchpoint');
            const context = `${message.fileName} / ${message.journeyId}`;
            for (const stage of stages.filter((stage) => touchpoints.some((touchpoint) => touchpoint.stageId === stage.id))) {
                expect(asRead(drawn.journeyText), context).toContain(stage.title.replace(/\s+/g, ' ').trim());
            }
            expect(drawn.journeyTasks, context).toBe(touchpoints.length);
            expect(drawn.emotionPoints, context).toBe(touchpoints.length);
            expect(drawn.flowNodes, context).toBe(touchpoints.length);
            expect(drawn.gridStages, context).toEqual(stages.map((stage) => stage.title));
        }
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('shows a hostile map literally and runs none of it', async () => {
        const [message] = await renderMessages([HOSTILE]);
        const preview = await openPreview();
        await preview.render(message);
        const drawn = await preview.page.evaluate(() => ({
            journeyText: document.querySelector('.cjm-diagram-journey svg')?.textContent ?? '',
            gridText: document.querySelector('.cjm-diagram-grid')?.textContent ?? '',
            injected: document.querySelectorAll('.cjm-diagrams script, .cjm-diagrams iframe, .cjm-diagrams img, .cjm-diagrams style:not(svg style), .cjm-diagrams a[href^="javascript"]').length,
            toolbar: document.querySelector('.cjm-toolbar')?.textContent ?? ''
        }));
        expect(drawn.injected).toBe(0);
        // Every string of the fixture is drawn as its characters somewhere in the grid.
        for (const payload of ['<img src=x onerror=alert(1)>', '</td></tr></table><script>window.__pwned=3</script>', '<style>body{display:none}</style>', 'a: b; c #d', 'javascript:alert(document.cookie)', '<<script>>alert(1)<</script>>']) {
            expect(drawn.gridText).toContain(payload);
        }
        expect(asRead(drawn.journeyText)).toContain('<svg onload=alert(1)>: stage; one #1');
        expect(asRead(drawn.journeyText)).toContain('<img src=x onerror=alert(1)>');
        expect(asRead(drawn.journeyText)).toContain('section Evil');
        expect(drawn.toolbar).toContain('hostile-preview.cjm');
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('clicking a touchpoint asks the host to reveal its source range, and the cursor highlights it', async () => {
        const [message] = await renderMessages([join(root, 'test/fixtures/spec/personas.cjm'), join(root, 'test/fixtures/spec/checkout.cjm')]);
        const preview = await openPreview();
        await preview.render(message);
        const touchpoints = message.elements.filter((element) => element.kind === 'touchpoint');
        const reveals = async () => (await preview.posted()).filter((posted) => posted.type === 'reveal');

        // A real click where the user sees the task: Mermaid's label lies on top of the task's box.
        const task = (await preview.page.locator('.cjm-diagram-journey svg rect.task').nth(1).boundingBox())!;
        await preview.page.mouse.click(task.x + task.width / 2, task.y + task.height / 2);
        await expect.poll(reveals).toEqual([{ type: 'reveal', uri: message.uri, range: touchpoints[1].range }]);

        await preview.page.locator(`.cjm-diagram-grid [data-cjm-key="touchpoint:${touchpoints[2].id}"]`).first().click();
        await expect.poll(async () => (await reveals()).at(-1)).toEqual({ type: 'reveal', uri: message.uri, range: touchpoints[2].range });

        await preview.page.locator('.cjm-diagram-flow svg g.node').nth(3).click();
        await expect.poll(async () => (await reveals()).at(-1)).toEqual({ type: 'reveal', uri: message.uri, range: touchpoints[3].range });

        await preview.page.evaluate((key) => window.postMessage({ type: 'highlight', elementKey: key }, '*'), `touchpoint:${touchpoints[0].id}`);
        await expect
            .poll(() => preview.page.evaluate(() => Array.from(document.querySelectorAll('.cjm-highlight')).map((shape) => shape.closest('section')?.dataset.kind)))
            .toEqual(expect.arrayContaining(['journey', 'flow', 'grid']));
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('keeps the last good picture under an error banner that jumps to the first error', async () => {
        const [message] = await renderMessages([join(root, 'test/fixtures/spec/personas.cjm'), join(root, 'test/fixtures/spec/checkout.cjm')]);
        const preview = await openPreview();
        await preview.render(message);
        const journeySvg = () => preview.page.evaluate(() => document.querySelector('.cjm-diagram-journey svg')?.outerHTML);
        const good = await journeySvg();
        const errorRange = { start: { line: 12, character: 4 }, end: { line: 12, character: 9 } };
        await preview.render({ ...message, mermaid: { journey: 'journey\n  broken: : :' }, errorCount: 2, firstError: { message: "Expecting '}' but found 'stag'", range: errorRange } });
        expect(await journeySvg()).toBe(good);
        const banner = preview.page.locator('.cjm-banner');
        await expect.poll(() => banner.isVisible()).toBe(true);
        expect(await banner.textContent()).toMatch(/^2 errors — line 13: Expecting '}' but found 'stag'/);
        await banner.click();
        await expect.poll(async () => (await preview.posted()).at(-1)).toEqual({ type: 'reveal', uri: message.uri, range: errorRange });

        await preview.render(message);
        await expect.poll(() => banner.isVisible()).toBe(false);
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('fits a wide diagram to the panel, keeps the fit across redraws, and keeps the user\'s zoom once set', async () => {
        const messages = await renderMessages(EXAMPLES);
        const message = messages.find((candidate) => candidate.fileName === 'checkout.cjm') ?? messages[0];
        const preview = await openPreview();
        await preview.page.setViewportSize({ width: 600, height: 900 });
        await preview.render(message);
        const journey = preview.page.locator('.cjm-diagram-journey');
        const measure = () => journey.evaluate((section) => {
            const viewport = section.querySelector('.cjm-viewport')!;
            const svg = section.querySelector('svg')!;
            return { viewportWidth: viewport.clientWidth, viewportHeight: viewport.clientHeight, drawnWidth: svg.getBoundingClientRect().width, drawnHeight: svg.getBoundingClientRect().height, naturalWidth: Number(svg.getAttribute('width')) };
        });
        const fitted = await measure();
        expect(fitted.naturalWidth).toBeGreaterThan(fitted.viewportWidth);
        expect(fitted.drawnWidth).toBeLessThanOrEqual(fitted.viewportWidth + 1);
        // No empty band under the shrunk picture.
        expect(fitted.viewportHeight).toBeLessThan(fitted.drawnHeight + 24);

        await preview.render(message);
        expect((await measure()).drawnWidth).toBeCloseTo(fitted.drawnWidth, 0);

        await journey.getByRole('button', { name: 'Actual size' }).click();
        expect((await measure()).drawnWidth).toBeCloseTo(fitted.naturalWidth, 0);
        await journey.getByRole('button', { name: 'Fit to the panel width' }).click();
        expect((await measure()).drawnWidth).toBeCloseTo(fitted.drawnWidth, 0);

        await journey.getByRole('button', { name: 'Zoom in' }).click();
        const zoomed = (await measure()).drawnWidth;
        expect(zoomed).toBeGreaterThan(fitted.drawnWidth * 1.2);
        await preview.render(message);
        expect((await measure()).drawnWidth).toBeCloseTo(zoomed, 0);
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('offers a picker when a file has several journeys', async () => {
        const [signup] = await renderMessages([TWO_JOURNEYS]);
        const preview = await openPreview();
        await preview.render(signup);
        const picker = preview.page.locator('select.cjm-journey-picker');
        expect(await picker.isVisible()).toBe(true);
        expect(await picker.locator('option').allTextContents()).toEqual(['Sign-up (signup)', 'Renewal (renewal)']);
        await picker.selectOption('renewal');
        await expect.poll(async () => (await preview.posted()).at(-1)).toEqual({ type: 'selectJourney', journeyId: 'renewal' });
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('exports the drawn diagrams as SVG and PNG', async () => {
        const [message] = await renderMessages([join(root, 'test/fixtures/spec/personas.cjm'), join(root, 'test/fixtures/spec/checkout.cjm')]);
        const preview = await openPreview();
        await preview.render(message);
        const exports = async () => (await preview.posted()).filter((posted) => posted.type === 'export');
        await preview.page.locator('.cjm-diagram-emotion button', { hasText: 'SVG' }).click();
        await preview.page.locator('.cjm-diagram-journey button', { hasText: 'PNG' }).click();
        await expect.poll(async () => (await exports()).length).toBe(2);
        const [svg, png] = await exports();
        expect(svg).toMatchObject({ format: 'svg', diagram: 'emotion' });
        expect(svg.type === 'export' && svg.data).toMatch(/^<\?xml[^]*<svg[^]*xychart[^]*<\/svg>$/);
        expect(png).toMatchObject({ format: 'png', diagram: 'journey' });
        const bytes = Buffer.from((png.type === 'export' && png.data ? png.data : '').replace(/^data:image\/png;base64,/, ''), 'base64');
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        expect(bytes.readUInt32BE(16)).toBeGreaterThan(800); // width: twice the diagram's
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('reports a Content-Security-Policy violation to the host', async () => {
        const preview = await openPreview();
        // Anything outside the policy, such as an image from the network, is blocked and reported.
        await preview.page.evaluate(() => {
            const image = document.createElement('img');
            image.src = 'https://tracker.invalid/pixel.png';
            document.body.append(image);
        });
        await expect
            .poll(async () => (await preview.posted()).filter((message) => message.type === 'cspViolation'))
            .toEqual([{ type: 'cspViolation', message: expect.stringMatching(/^img-src blocked https:\/\/tracker\.invalid\/pixel\.png/) }]);
        await preview.page.close();
    });

    test('takes light and dark screenshots of the checkout example', async () => {
        const files = EXAMPLES.some((file) => basename(file) === 'checkout.cjm') ? EXAMPLES : [join(root, 'test/fixtures/spec/personas.cjm'), join(root, 'test/fixtures/spec/checkout.cjm')];
        const message = (await renderMessages(files)).find((candidate) => candidate.fileName === 'checkout.cjm')!;
        for (const theme of ['light', 'dark'] as const) {
            const preview = await openPreview(theme);
            await preview.render(message);
            const path = join(screenshots, `preview-${theme}.png`);
            await preview.page.screenshot({ path, fullPage: true });
            expect(await preview.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(30, 30, 30)');
            await expectCleanPage(preview);
            await preview.page.close();
            if (theme === 'light') {
                copyFileSync(path, join(root, 'media/preview-screenshot.png'));
            }
        }
    });
});
