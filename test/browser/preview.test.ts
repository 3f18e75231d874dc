/**
 * The preview webview in a real browser: the bundled dist/webview/webview.js and mermaid.min.js
 * under the same Content-Security-Policy the extension sets, with a stand-in for the one host API
 * a webview has (acquireVsCodeApi). The host's render messages are built exactly as the extension
 * builds them, from real maps through the real render model: every example, a hostile map, and
 * the spec example broken in the ways a user breaks it while typing.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RenderModel } from '@cjm/language';
import { MERMAID_LOOKALIKES, WORD_JOINER, buildRenderModel } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import type { DiagramKind, PreviewView, RenderMessage, WebviewToHost } from '../../packages/vscode/src/protocol.js';
import { DEFAULT_VIEW, DIAGRAM_KINDS } from '../../packages/vscode/src/protocol.js';
import { buildRenderMessage } from '../../packages/vscode/src/preview/render-message.js';
import { buildPreviewHtml, createNonce } from '../../packages/vscode/src/preview/security.js';
import type { Beacon } from '../support/hostile-corpus.js';
import { EVERY_POSITION_FIXTURE, hostileMapText, hostileStrings, journeyId, literalProblems, PAYLOADS, readDrawnPreview, SHOWN_ON, shownBy, startBeacon, withBeacon } from '../support/hostile-corpus.js';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'packages/vscode/dist/webview');
const outDir = join(root, 'test-results/browser-preview');
const screenshots = join(root, 'test-results/screenshots');

const EXAMPLES = existsSync(join(root, 'examples')) ? listCjm(join(root, 'examples')) : listCjm(join(root, 'test/fixtures/spec'));
const HOSTILE = join(root, 'test/fixtures/hostile-preview.cjm');
const EVERY_POSITION = join(root, 'test/fixtures', EVERY_POSITION_FIXTURE);
const TWO_JOURNEYS = join(import.meta.dirname, 'fixtures/two-journeys.cjm');
const PERSONAS = join(root, 'test/fixtures/spec/personas.cjm');
const CHECKOUT = join(root, 'test/fixtures/spec/checkout.cjm');
const CHECKOUT_TEXT = readFileSync(CHECKOUT, 'utf8');
/** Maps of 30 and 100 touchpoints with titles as long as real ones (the spec example has 7). */
const LARGE_MAPS = [30, 100].map((touchpoints) => join(root, `test/fixtures/preview/journey-${touchpoints}.cjm`));

/** VS Code's theme classes and a few of the colour variables it injects into every webview. */
const THEMES = {
    light: { bodyClass: 'vscode-light', vars: { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#1f1f1f' } },
    dark: { bodyClass: 'vscode-dark', vars: { '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': '#cccccc', '--vscode-panel-border': '#444444', '--vscode-button-secondaryBackground': '#3a3d41', '--vscode-button-secondaryForeground': '#cccccc' } },
    // VS Code's Dark High Contrast and Light High Contrast themes.
    'high-contrast': { bodyClass: 'vscode-high-contrast', vars: { '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518' } },
    'high-contrast-light': { bodyClass: 'vscode-high-contrast-light', vars: { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#292929', '--vscode-contrastBorder': '#0f4a85', '--vscode-contrastActiveBorder': '#006bbd' } }
} as const;

function listCjm(folder: string): string[] {
    return readdirSync(folder).filter((name) => name.endsWith('.cjm')).sort().map((name) => join(folder, name));
}

/** Render models of files loaded into one workspace (as in VS Code); `texts` replaces what a file says on disk. */
async function renderModels(files: string[], texts: Record<string, string> = {}): Promise<RenderModel[]> {
    const workspace = createNodeCjmWorkspace();
    const documents = await workspace.load(files.map((file) => ({ uri: file, text: texts[file] ?? readFileSync(file, 'utf8') })));
    return documents.map((document) => buildRenderModel(document));
}

/** The message the host posts for a model, with the model of the last text without syntax errors as the host keeps it. */
function messageFor(model: RenderModel, options: { journeyId?: string; diagrams?: DiagramKind[]; lastGood?: RenderModel; view?: PreviewView } = {}): RenderMessage {
    const choice = { journeyId: options.journeyId, diagrams: options.diagrams ?? [...DIAGRAM_KINDS], view: options.view ?? DEFAULT_VIEW, theme: 'auto' as const, locked: false };
    return buildRenderMessage(model, basename(new URL(model.uri).pathname), choice, options.lastGood);
}

/** Render messages for every journey of every file, with the files loaded into one workspace (as in VS Code). */
async function renderMessages(files: string[]): Promise<RenderMessage[]> {
    const models = await renderModels(files);
    return models.flatMap((model) => model.journeys.map((journey) => messageFor(model, { journeyId: journey.id })));
}

/** The spec example's checkout map, with the persona library beside it; `text` replaces checkout.cjm. */
async function checkoutModel(text = CHECKOUT_TEXT): Promise<RenderModel> {
    return (await renderModels([PERSONAS, CHECKOUT], { [CHECKOUT]: text }))[1];
}

/** The checkout text with `find` replaced, failing when it is not there. */
function checkoutWith(find: string, replace: string): string {
    expect(CHECKOUT_TEXT).toContain(find);
    return CHECKOUT_TEXT.replace(find, replace);
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
let beacon: Beacon;

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
            mapStyleUri: url(join(root, 'media/map.css')),
            mermaidUri: url(join(dist, 'mermaid.min.js')),
            scriptUri: url(join(dist, 'webview.js'))
        })
    );
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    beacon = await startBeacon();
    // The beacon is reachable from this Chromium, so a silent beacon means the preview requested nothing.
    const control = await browser.newPage();
    await control.setContent(`<img src="${beacon.origin}/control">`);
    expect(beacon.hits).toEqual(['GET /control']);
    await control.close();
    beacon.hits.length = 0;
});

afterAll(async () => {
    await browser?.close();
    await beacon?.close();
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
            acquireState: () => state,
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
                const plots = document.querySelectorAll('.cjm-diagram-emotion svg g.plot > g[class^="line-plot-"] > path');
                const actual = plots[plots.length - 1]?.getAttribute('d') ?? '';
                return {
                    journeyText: text('.cjm-diagram-journey svg'),
                    journeyTasks: document.querySelectorAll('.cjm-diagram-journey svg rect.task').length,
                    emotionPoints: (actual.match(/[ML]/g) ?? []).length,
                    emotionMarkers: document.querySelectorAll('.cjm-diagram-emotion svg circle.cjm-point[data-cjm-key^="touchpoint:"]').length,
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
            expect(drawn.emotionMarkers, context).toBe(touchpoints.length);
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

    test('shows every payload of the hostile corpus in every string position literally, and runs and loads none of it', async () => {
        const [model] = await renderModels([EVERY_POSITION], { [EVERY_POSITION]: withBeacon(hostileMapText(), beacon.origin) });
        const strings = hostileStrings(beacon.origin);
        expect(model.journeys.map((journey) => journey.id)).toEqual(PAYLOADS.map((_, i) => journeyId(i + 1)));
        const preview = await openPreview();
        for (const journey of model.journeys) {
            await preview.render(messageFor(model, { journeyId: journey.id }));
            const drawn = await preview.page.evaluate(readDrawnPreview);
            const own = strings.filter((string) => journeyId(string.payload) === journey.id);
            for (const surface of ['journey', 'emotion', 'flow', 'blueprint', 'grid', 'picker', 'personaPicker'] as const) {
                expect(literalProblems(drawn[surface], own, SHOWN_ON[surface], []), `${journey.id} ${surface}`).toEqual([]);
            }
            // The picker names every journey of the file.
            expect(literalProblems(drawn.picker, strings, ['journey-title'], []), `${journey.id} picker`).toEqual([]);
            expect(literalProblems(drawn.page, strings, [], shownBy('preview').absent), journey.id).toEqual([]);
            expect({ injected: drawn.injected, handlers: drawn.handlers, labelMarkup: drawn.labelMarkup }, journey.id).toEqual({ injected: [], handlers: [], labelMarkup: 0 });
        }
        await expectCleanPage(preview);
        expect(beacon.hits).toEqual([]);
        await preview.page.close();
    }, 300_000);

    test('Mermaid\'s own defences, without CJM\'s escaping: strict mode drops handlers and links, SVG text labels show markup as text', async () => {
        const message = messageFor(await checkoutModel(), { diagrams: ['journey', 'flow'] });
        // What a host message would carry if the escaping let markup through.
        const markup = `<b onclick='window.__pwned=1' onmouseover='window.__pwned=2'>bold</b> <a href='javascript:alert(1)'>link</a> <img src='${beacon.origin}/raw/img' onerror='alert(2)'>`;
        const raw: RenderMessage = {
            ...message,
            mermaid: {
                journey: [`journey\n  title ${markup.replace(/:/g, '')}\n  section <i>stage</i>\n    <script>alert(3)</script>: 3: maya`],
                // Interactions too: strict mode binds no click callback and no javascript: link.
                flow: [`flowchart LR\n  a["${markup}"] -.->|"<u>edge</u>"| b["<script>alert(4)</script>"]\n  click a call alert("click callback")\n  click b href "javascript:alert(5)"`]
            }
        };
        const preview = await openPreview();
        await preview.render(raw);
        for (const node of await preview.page.locator('.cjm-diagram-flow svg g.node').all()) {
            await node.click();
        }
        const drawn = await preview.page.evaluate(() => ({
            svgs: document.querySelectorAll('.cjm-diagrams svg').length,
            // A `click … href` is a link even in strict mode, but never to a javascript: address (the handler check).
            elements: Array.from(document.querySelectorAll('.cjm-diagrams svg :is(b, i, u, img, script, iframe)'), (e) => e.localName),
            foreignObjects: document.querySelectorAll('.cjm-diagram-flow svg foreignObject').length,
            handlers: Array.from(document.querySelectorAll('.cjm-diagrams svg *')).flatMap((e) =>
                Array.from(e.attributes).filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => `${e.localName} ${a.name}`)
            ),
            flowText: document.querySelector('.cjm-diagram-flow svg')?.textContent ?? ''
        }));
        // htmlLabels false: the flowchart's labels are SVG text, so the markup is shown as characters,
        // after strict mode has taken the handlers and the link target out of it.
        expect(drawn).toEqual({ svgs: 2, elements: [], foreignObjects: 0, handlers: [], flowText: expect.stringMatching(/<b>\s*bold\s*<\/b>[^]*<a>\s*link\s*<\/a>/) });
        // Mermaid puts label markup into the page for a moment while it lays it out; the CSP reports
        // the handler attributes it sees then. None runs (browser-render.test.ts: not even without a CSP).
        expect(preview.consoleErrors.filter((error) => !error.startsWith('Executing inline event handler violates the following Content Security Policy'))).toEqual([]);
        expect(preview.dialogs).toEqual([]);
        expect(await preview.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
        expect(beacon.hits).toEqual([]);
        await preview.page.close();
    });

    test('the webview\'s CSP stops what escaping might let through: script, handlers, loads, frames, styles', async () => {
        const preview = await openPreview();
        await preview.render(messageFor(await checkoutModel()));
        // As if the grid held user text unescaped: markup that would run, load and restyle.
        await preview.page.evaluate((origin) => {
            const holder = document.createElement('div');
            holder.innerHTML = `<img src="${origin}/csp/img" onerror="window.__pwned='handler'"><iframe src="${origin}/csp/frame"></iframe>`
                + `<link rel="stylesheet" href="${origin}/csp/css"><style>@import url("${origin}/csp/import"); body { background: url("${origin}/csp/bg") }</style>`
                + `<object data="${origin}/csp/object"></object><img src="data:," onerror="window.__pwned='data image'">`;
            document.querySelector('.cjm-diagram-grid .cjm-canvas')!.append(holder);
            const script = document.createElement('script');
            script.textContent = 'window.__pwned = "inline script"';
            document.body.append(script);
            const external = document.createElement('script');
            external.src = `${origin}/csp/script`;
            document.body.append(external);
        }, beacon.origin);
        const expected = ['script-src-attr', 'script-src-elem', 'img-src', 'style-src-elem', 'frame-src', 'object-src'];
        const missing = async () => {
            const seen = new Set((await preview.cspViolations()).map((violation) => violation.split(' ')[0]));
            return expected.filter((directive) => !seen.has(directive));
        };
        await expect.poll(missing).toEqual([]);
        // Each one reaches the host, which logs it.
        expect((await preview.posted()).filter((posted) => posted.type === 'cspViolation').length).toBeGreaterThanOrEqual(expected.length);
        expect(await preview.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
        expect(preview.dialogs).toEqual([]);
        expect(beacon.hits).toEqual([]);
        await preview.page.close();
    });

    // Found by the hostile corpus tests (the CSP had no form-action, which default-src does not cover):
    // a form that escaping let through must not send what the user types to another site.
    test('the webview\'s CSP stops a form from submitting to another site (form-action \'none\')', async () => {
        const preview = await openPreview();
        await preview.render(messageFor(await checkoutModel()));
        await preview.page.evaluate((origin) => {
            const form = document.createElement('form');
            form.action = `${origin}/csp/form`;
            document.body.append(form);
            form.submit();
        }, beacon.origin);
        // Either the form reaches the beacon or the CSP reports blocking it.
        await expect.poll(async () => beacon.hits.length > 0 || (await preview.cspViolations().catch(() => [])).some((v) => v.startsWith('form-action'))).toBe(true);
        const sent = [...beacon.hits];
        beacon.hits.length = 0;
        await preview.page.close();
        expect(sent).toEqual([]);
    });

    test('clicking a touchpoint asks the host to reveal its source range, and the cursor highlights it', async () => {
        const message = messageFor(await checkoutModel());
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

        // The emotion curve's points, one per touchpoint on the actual line.
        await preview.page.locator('.cjm-diagram-emotion svg circle.cjm-point').nth(4).click();
        await expect.poll(async () => (await reveals()).at(-1)).toEqual({ type: 'reveal', uri: message.uri, range: touchpoints[4].range });

        await preview.page.evaluate((key) => window.postMessage({ type: 'highlight', elementKey: key }, '*'), `touchpoint:${touchpoints[0].id}`);
        await expect
            .poll(() => preview.page.evaluate(() => Array.from(document.querySelectorAll('.cjm-highlight')).map((shape) => shape.closest('section')?.dataset.kind)))
            .toEqual(expect.arrayContaining(['journey', 'emotion', 'flow', 'grid']));
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('clicking a stage in the journey diagram reveals it, and the cursor in a stage highlights it in every diagram', async () => {
        const message = messageFor(await checkoutModel());
        const preview = await openPreview();
        await preview.render(message);
        const stages = message.elements.filter((element) => element.kind === 'stage');
        const reveals = async () => (await preview.posted()).filter((posted) => posted.type === 'reveal');

        // The third section is the third stage (every stage of the spec example has a touchpoint).
        const section = (await preview.page.locator('.cjm-diagram-journey svg rect.journey-section').nth(2).boundingBox())!;
        await preview.page.mouse.click(section.x + section.width / 2, section.y + section.height / 2);
        await expect.poll(reveals).toEqual([{ type: 'reveal', uri: message.uri, range: stages[2].range }]);

        await preview.page.evaluate((key) => window.postMessage({ type: 'highlight', elementKey: key }, '*'), `stage:${stages[1].id}`);
        const highlighted = () =>
            preview.page.evaluate(() =>
                Array.from(document.querySelectorAll('.cjm-highlight'), (shape) => `${shape.closest('section')?.dataset.kind} ${shape.tagName.toLowerCase()}.${shape.getAttribute('class')?.split(' ')[0]}`)
            );
        await expect.poll(highlighted).toEqual(['journey rect.journey-section', 'emotion circle.cjm-point', 'flow g.cluster', 'grid th.cjm-stage']);
        // The highlighted section is the second stage's: the one over the second touchpoint's task.
        const box = await preview.page.locator('.cjm-diagram-journey svg rect.journey-section.cjm-highlight').evaluate((rect) => ({ x: Number(rect.getAttribute('x')), width: Number(rect.getAttribute('width')) }));
        const taskX = await preview.page.locator('.cjm-diagram-journey svg line.task-line[id$="-task1"]').evaluate((line) => Number(line.getAttribute('x1')));
        expect(taskX).toBeGreaterThanOrEqual(box.x);
        expect(taskX).toBeLessThanOrEqual(box.x + box.width);
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('keeps the last good picture only while the text has syntax errors, with a banner that says so and jumps to the error', async () => {
        const good = await checkoutModel();
        // Half-typed: a stage keyword inside a stage, before its touchpoint.
        const broken = await checkoutModel(checkoutWith('    touchpoint ad "Instagram ad" {', '    stag\n    touchpoint ad "Instagram ad" {'));
        // Parses, but names a persona nobody declared.
        const unknownPersona = await checkoutModel(checkoutWith('  persona maya\n', '  persona nobody\n'));
        expect(broken.syntaxErrorCount).toBeGreaterThan(0);
        expect(unknownPersona).toMatchObject({ syntaxErrorCount: 0, errorCount: 1 });

        const preview = await openPreview();
        const journeySvg = () => preview.page.evaluate(() => document.querySelector('.cjm-diagram-journey svg')?.outerHTML);
        const banner = preview.page.locator('.cjm-banner');
        await preview.render(messageFor(good));
        const goodSvg = await journeySvg();
        expect(await banner.isVisible()).toBe(false);

        const held = messageFor(broken, { lastGood: good });
        await preview.render(held);
        expect(await journeySvg()).toBe(goodSvg);
        await expect.poll(() => banner.isVisible()).toBe(true);
        const line = broken.firstSyntaxError!.range.start.line + 1;
        expect(line).toBe(CHECKOUT_TEXT.split('\n').findIndex((text) => text.includes('touchpoint ad')) + 1);
        expect(await banner.textContent()).toBe(
            `${broken.syntaxErrorCount} syntax error${broken.syntaxErrorCount === 1 ? '' : 's'} — line ${line}: ${broken.firstSyntaxError!.message} (showing the last picture without syntax errors)`
        );
        await banner.click();
        await expect.poll(async () => (await preview.posted()).at(-1)).toEqual({ type: 'reveal', uri: good.uri, range: broken.firstSyntaxError!.range });

        // Any other error draws live: the journey's actor is now the unknown persona.
        await preview.render(messageFor(unknownPersona, { lastGood: good }));
        expect(await journeySvg()).not.toBe(goodSvg);
        expect(await preview.page.locator('.cjm-diagram-journey svg').textContent()).toContain('nobody');
        expect(await banner.textContent()).toBe(`1 error — line 7: ${unknownPersona.firstError!.message}`);

        await preview.render(messageFor(good));
        await expect.poll(() => banner.isVisible()).toBe(false);
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('draws a map that has never parsed rather than hold nothing, and follows it until it parses', async () => {
        const broken = await checkoutModel(checkoutWith('    touchpoint ad "Instagram ad" {', '    stag\n    touchpoint ad "Instagram ad" {'));
        const brokenAgain = await checkoutModel(checkoutWith('    touchpoint ad "Instagram ad" {', '    stag\n    touchpoint ad "Instagram story" {'));
        const preview = await openPreview();
        await preview.render(messageFor(broken));
        const journey = preview.page.locator('.cjm-diagram-journey svg');
        expect(await journey.textContent()).toContain('Instagram ad');
        expect(await preview.page.locator('.cjm-banner').textContent()).toMatch(/^\d+ syntax errors? — line 12: .* \(the picture may be incomplete\)$/);
        // No good picture yet, so nothing is held: the next keystroke is drawn too.
        await preview.render(messageFor(brokenAgain));
        expect(await journey.textContent()).toContain('Instagram story');
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('applies a change of the diagrams setting while the text has syntax errors', async () => {
        const good = await checkoutModel();
        const broken = await checkoutModel(checkoutWith('    touchpoint ad "Instagram ad" {', '    stag\n    touchpoint ad "Instagram ad" {'));
        const preview = await openPreview();
        const sections = () => preview.page.evaluate(() => Array.from(document.querySelectorAll('section.cjm-diagram'), (section) => section.dataset.kind));
        await preview.render(messageFor(good, { diagrams: ['journey', 'grid'] }));
        expect(await sections()).toEqual(['journey', 'grid']);
        await preview.render(messageFor(broken, { lastGood: good, diagrams: ['journey', 'grid'] }));
        // The user adds the stage flow and drops the grid while the text still does not parse.
        await preview.render(messageFor(broken, { lastGood: good, diagrams: ['journey', 'flow'] }));
        expect(await sections()).toEqual(['journey', 'flow']);
        const flow = (await preview.page.locator('.cjm-diagram-flow svg').textContent()) ?? '';
        for (const stage of ['Awareness', 'Consideration', 'Acquisition', 'Service', 'Loyalty']) {
            expect(flow).toContain(stage);
        }
        expect(await preview.page.locator('.cjm-banner').textContent()).toContain('(showing the last picture without syntax errors)');
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('the error banner moves nothing when it appears and stays in view when the page is scrolled', async () => {
        const good = await checkoutModel();
        const broken = await checkoutModel(checkoutWith('    touchpoint ad "Instagram ad" {', '    stag\n    touchpoint ad "Instagram ad" {'));
        const preview = await openPreview();
        await preview.page.setViewportSize({ width: 1000, height: 600 });
        await preview.render(messageFor(good));
        const contentTop = () => preview.page.evaluate(() => ({
            diagrams: document.querySelector('.cjm-diagrams')!.getBoundingClientRect().top,
            journey: document.querySelector('.cjm-diagram-journey svg')!.getBoundingClientRect().top
        }));
        const before = await contentTop();
        await preview.render(messageFor(broken, { lastGood: good }));
        const banner = preview.page.locator('.cjm-banner');
        await expect.poll(() => banner.isVisible()).toBe(true);
        expect(await contentTop()).toEqual(before);
        // It covers nothing either: it lies within the toolbar, and the buttons under the toolbar can be clicked.
        const toolbar = (await preview.page.locator('.cjm-toolbar').boundingBox())!;
        const box = (await banner.boundingBox())!;
        expect(box.y).toBeGreaterThanOrEqual(toolbar.y);
        expect(box.y + box.height).toBeLessThanOrEqual(toolbar.y + toolbar.height);
        await preview.page.locator('.cjm-diagram-journey').getByRole('button', { name: 'Export the journey as SVG' }).click({ trial: true, timeout: 2_000 });

        await preview.page.evaluate(() => window.scrollTo(0, 900));
        await expect.poll(() => preview.page.evaluate(() => window.scrollY)).toBe(900);
        const shown = await banner.evaluate((element) => {
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return { top: box.top, bottom: box.bottom, height: window.innerHeight, onTop: element.contains(hit) };
        });
        expect(shown.top).toBeGreaterThanOrEqual(0);
        expect(shown.bottom).toBeLessThanOrEqual(shown.height);
        expect(shown.onTop).toBe(true);
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('scrolls to what the cursor is in when it is off screen, keeps the place across redraws, and starts another file at the top', async () => {
        const file = LARGE_MAPS[1];
        const [good] = await renderModels([file]);
        const [unknownPersona] = await renderModels([file], { [file]: readFileSync(file, 'utf8').replace('  persona maya, leo\n', '  persona maya, nobody\n') });
        const preview = await openPreview();
        await preview.page.setViewportSize({ width: 1000, height: 600 });
        const diagrams: DiagramKind[] = ['journey', 'grid'];
        await preview.render(messageFor(good, { diagrams }));
        const scrollY = () => preview.page.evaluate(() => window.scrollY);
        expect(await scrollY()).toBe(0);

        // The last stage is drawn in the journey's last part and in the grid's last column, both far below.
        const toolbarBottom = await preview.page.locator('.cjm-toolbar').evaluate((toolbar) => toolbar.getBoundingClientRect().bottom);
        const shown = () =>
            preview.page.evaluate((top) => Array.from(document.querySelectorAll('.cjm-highlight'), (shape) => shape.getBoundingClientRect()).some((box) => box.top >= top && box.bottom <= window.innerHeight), toolbarBottom);
        const lastSection = preview.page.locator('.cjm-diagram-journey .cjm-canvas > svg').last().locator('rect.journey-section');
        expect((await lastSection.boundingBox())!.y).toBeGreaterThan(600);
        await preview.page.evaluate(() => window.postMessage({ type: 'highlight', elementKey: 'stage:s10' }, '*'));
        await expect.poll(scrollY).toBeGreaterThan(600);
        expect(await shown()).toBe(true);

        // A redraw of the same file keeps the place...
        const place = await scrollY();
        await preview.render(messageFor(unknownPersona, { diagrams }));
        expect(await scrollY()).toBe(place);
        // ...another file starts at the top.
        const [other] = await renderMessages([TWO_JOURNEYS]);
        await preview.render({ ...other, diagrams });
        expect(await scrollY()).toBe(0);
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
        const message = messageFor(await checkoutModel());
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

    test('draws in the colours of VS Code\'s high-contrast themes: contrast borders, foreground text and lines', async () => {
        const message = messageFor(await checkoutModel());
        const rgb = (hex: string) => `rgb(${[1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
        const colours = async (preview: PreviewPage) =>
            preview.page.evaluate(() => {
                const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
                return {
                    taskStroke: style('.cjm-diagram-journey svg rect.task').stroke,
                    sectionStroke: style('.cjm-diagram-journey svg rect.journey-section').stroke,
                    taskFill: style('.cjm-diagram-journey svg rect.task').fill,
                    taskText: style('.cjm-diagram-journey svg text.task').fill,
                    nodeStroke: style('.cjm-diagram-flow svg g.node rect, .cjm-diagram-flow svg g.node path').stroke,
                    clusterStroke: style('.cjm-diagram-flow svg g.cluster rect').stroke,
                    edgeStroke: style('.cjm-diagram-flow svg .flowchart-link').stroke,
                    gridBorder: style('.cjm-diagram-grid td').borderTopColor,
                    curveAxis: style('.cjm-diagram-emotion svg .bottom-axis text, .cjm-diagram-emotion svg text').fill
                };
            });
        const light = await openPreview('light');
        await light.render(message);
        const ordinary = await colours(light);
        await light.page.close();
        for (const theme of ['high-contrast', 'high-contrast-light'] as const) {
            const { '--vscode-contrastBorder': border, '--vscode-editor-foreground': foreground, '--vscode-editor-background': background } = THEMES[theme].vars;
            const preview = await openPreview(theme);
            await preview.render(message);
            const drawn = await colours(preview);
            expect(drawn, theme).toEqual({
                taskStroke: rgb(border),
                sectionStroke: rgb(border),
                taskFill: rgb(background),
                taskText: rgb(foreground),
                nodeStroke: rgb(border),
                clusterStroke: rgb(border),
                edgeStroke: rgb(foreground),
                gridBorder: rgb(border),
                curveAxis: rgb(foreground)
            });
            // Not what the ordinary theme draws.
            expect(ordinary.taskStroke).not.toBe(drawn.taskStroke);
            expect(ordinary.gridBorder).not.toBe(drawn.gridBorder);
            await preview.page.screenshot({ path: join(screenshots, `preview-${theme}.png`), fullPage: true });
            await expectCleanPage(preview);
            await preview.page.close();
        }
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
    test('redraws only what an edit changed: an unchanged diagram keeps its picture and zoom, the grid is patched in place', async () => {
        const before = messageFor(await checkoutModel());
        const after = messageFor(await checkoutModel(checkoutWith('feels curious hesitant', 'feels delighted')));
        expect(after.mermaid.flow).toEqual(before.mermaid.flow);
        expect(after.mermaid.journey).not.toEqual(before.mermaid.journey);
        const preview = await openPreview();
        await preview.render(before);
        const flow = preview.page.locator('.cjm-diagram-flow');
        await flow.getByRole('button', { name: 'Zoom in' }).click();
        const flowWidth = () => flow.locator('svg').evaluate((svg) => svg.getBoundingClientRect().width);
        const zoomed = await flowWidth();
        // Marks on the nodes drawn now (properties, which patching attributes leaves alone): a node that is replaced loses its mark.
        await preview.page.evaluate(() => {
            document.querySelectorAll('.cjm-diagrams svg, .cjm-grid, .cjm-grid td').forEach((node) => Object.assign(node, { testMark: 'old' }));
        });
        await preview.render(after);
        const kept = await preview.page.evaluate(() => {
            const marked = (node: Element | null) => (node as { testMark?: string } | null)?.testMark === 'old';
            const cells = (lane: string) => Array.from(document.querySelectorAll(`.cjm-grid tr.cjm-lane-${lane} td`));
            return {
                journey: marked(document.querySelector('.cjm-diagram-journey svg')),
                emotion: marked(document.querySelector('.cjm-diagram-emotion svg')),
                flow: marked(document.querySelector('.cjm-diagram-flow svg')),
                table: marked(document.querySelector('.cjm-grid')),
                actionCells: cells('actions').every(marked),
                firstEmotionCell: cells('emotions')[0].textContent
            };
        });
        expect(kept).toEqual({ journey: false, emotion: false, flow: true, table: true, actionCells: true, firstEmotionCell: expect.stringContaining('delighted') });
        expect(await flowWidth()).toBeCloseTo(zoomed, 0);
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('a newer message cancels the draw of an older one', async () => {
        const first = messageFor(await checkoutModel(checkoutWith('"Instagram ad"', '"Instagram story"')));
        const second = messageFor(await checkoutModel(checkoutWith('"Instagram ad"', '"Instagram reel"')));
        const preview = await openPreview();
        await preview.render(messageFor(await checkoutModel()));
        // Every journey picture that reaches the page, as it arrives.
        await preview.page.evaluate(() => {
            const record = window as unknown as { __journeys: string[] };
            record.__journeys = [];
            new MutationObserver(() => record.__journeys.push(document.querySelector('.cjm-diagram-journey svg')?.textContent ?? '')).observe(document.querySelector('.cjm-diagram-journey .cjm-canvas')!, { childList: true });
        });
        const count = await preview.page.evaluate(() => Number(document.body.dataset.renderCount));
        await preview.page.evaluate(([a, b]) => {
            window.postMessage(a, '*');
            window.postMessage(b, '*');
        }, [first, second]);
        await preview.page.waitForFunction((before) => Number(document.body.dataset.renderCount) > before, count);
        const journeys = await preview.page.evaluate(() => (window as unknown as { __journeys: string[] }).__journeys);
        expect(journeys.at(-1)).toContain('Instagram reel');
        expect(journeys.some((text) => text.includes('Instagram story'))).toBe(false);
        // The older one stopped before it was drawn to the end.
        expect(await preview.page.evaluate(() => Number(document.body.dataset.renderCount))).toBe(count + 1);
        await expectCleanPage(preview);
        await preview.page.close();
    });

    // Six pictures of up to 100 touchpoints, with screenshots: minutes on a loaded two-core machine.
    test('no text overlaps other text at 7, 30 and 100 touchpoints, in light and dark themes; a large journey is drawn in parts', async () => {
        const examples = [join(root, 'examples/personas.cjm'), join(root, 'examples/checkout.cjm')];
        const messages = [
            messageFor((await renderModels(examples))[1]),
            ...(await Promise.all(LARGE_MAPS.map(async (file) => messageFor((await renderModels([file]))[0]))))
        ];
        expect(messages.map((message) => message.elements.filter((element) => element.kind === 'touchpoint').length)).toEqual([7, 30, 100]);
        for (const theme of ['light', 'dark'] as const) {
            const preview = await openPreview(theme);
            for (const message of messages) {
                const touchpoints = message.elements.filter((element) => element.kind === 'touchpoint').length;
                await preview.render(message);
                await preview.page.screenshot({ path: join(screenshots, `preview-${touchpoints}-touchpoints-${theme}.png`), fullPage: true });
                const drawn = await preview.page.evaluate(overlappingTexts);
                expect(drawn.overlaps, `${touchpoints} touchpoints, ${theme}`).toEqual([]);
                expect(drawn.texts, `${touchpoints} touchpoints, ${theme}`).toBeGreaterThan(touchpoints * 2);
                // Every touchpoint's title is on the curve's axis, and the journey has a task for each.
                const curve = await preview.page.locator('.cjm-diagram-emotion svg').textContent();
                for (const touchpoint of message.elements.filter((element) => element.kind === 'touchpoint')) {
                    expect(curve).toContain(touchpoint.title);
                }
                expect(await preview.page.locator('.cjm-diagram-journey svg rect.task').count()).toBe(touchpoints);
                expect(await preview.page.locator('.cjm-diagram-journey .cjm-canvas > svg').count()).toBe(message.mermaid.journey!.length);
            }
            expect(messages.map((message) => message.mermaid.journey!.length)).toEqual([1, expect.any(Number), expect.any(Number)]);
            expect(messages[2].mermaid.journey!.length).toBeGreaterThan(messages[1].mermaid.journey!.length);
            await expectCleanPage(preview);
            await preview.page.close();
        }
    }, 240_000);

    test('a touchpoint of a journey drawn in parts is found and highlighted in its part', async () => {
        const [model] = await renderModels([LARGE_MAPS[1]]);
        const message = messageFor(model, { diagrams: ['journey'] });
        const touchpoints = message.elements.filter((element) => element.kind === 'touchpoint');
        const preview = await openPreview();
        await preview.render(message);
        const target = touchpoints[40];
        await preview.page.evaluate((key) => window.postMessage({ type: 'highlight', elementKey: key }, '*'), `touchpoint:${target.id}`);
        const highlighted = preview.page.locator('.cjm-diagram-journey rect.task.cjm-highlight');
        await expect.poll(() => highlighted.count()).toBe(1);
        // Its task is in a later part, and says the touchpoint's title.
        expect(await highlighted.evaluate((rect) => Array.from(rect.closest('.cjm-canvas')!.children).indexOf(rect.closest('svg')!))).toBeGreaterThan(0);
        expect(await highlighted.evaluate((rect) => rect.parentElement!.textContent)).toContain(target.title);
        await highlighted.evaluate((rect) => rect.scrollIntoView({ block: 'center' }));
        const box = (await highlighted.boundingBox())!;
        await preview.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await expect.poll(async () => (await preview.posted()).filter((posted) => posted.type === 'reveal').at(-1)).toEqual({ type: 'reveal', uri: message.uri, range: target.range });
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('the grid keeps its stage headers and lane names in view while it scrolls, and draws the emotion curve in its emotions lane', async () => {
        const [model] = await renderModels([LARGE_MAPS[1]]);
        const message = messageFor(model, { diagrams: ['grid'] });
        const preview = await openPreview();
        await preview.page.setViewportSize({ width: 1000, height: 700 });
        await preview.render(message);
        const scroller = preview.page.locator('.cjm-grid-scroller');
        await scroller.evaluate((element) => element.scrollTo(element.scrollWidth, 600));
        await expect.poll(() => scroller.evaluate((element) => element.scrollTop)).toBe(600);
        expect(await scroller.evaluate((element) => element.scrollLeft)).toBeGreaterThan(500);
        const placed = await scroller.evaluate((element) => {
            const frame = element.getBoundingClientRect();
            const header = element.querySelector('thead th.cjm-stage')!.getBoundingClientRect();
            const lane = element.querySelector('tbody tr.cjm-lane-pains th')!.getBoundingClientRect();
            return { headerTop: Math.round(header.top - frame.top), laneLeft: Math.round(lane.left - frame.left) };
        });
        expect(placed).toEqual({ headerTop: 1, laneLeft: 1 });
        // One curve per stage column: a point per touchpoint of that stage, left to right within its column.
        const curves = await preview.page.evaluate(() =>
            Array.from(document.querySelectorAll('.cjm-grid tr.cjm-lane-emotions td'), (cell) => {
                const svg = cell.querySelector('svg.cjm-curve')!;
                const column = cell.getBoundingClientRect();
                const points = Array.from(svg.querySelectorAll('.cjm-curve-point'), (point) => point.getBoundingClientRect());
                return {
                    points: points.length,
                    inColumn: points.every((point) => point.left >= column.left && point.right <= column.right),
                    ordered: points.every((point, i) => i === 0 || point.left > points[i - 1].left),
                    actualSolid: svg.querySelector('.cjm-curve-actual')?.getAttribute('stroke-dasharray') ?? 'solid',
                    expectedDashed: svg.querySelector('.cjm-curve-expected')?.getAttribute('stroke-dasharray') ?? 'none'
                };
            })
        );
        expect(curves.map((curve) => curve.points)).toEqual(model.journeys[0].stages.map((stage) => stage.touchpoints.length));
        for (const curve of curves) {
            expect(curve).toMatchObject({ inColumn: true, ordered: true, actualSolid: 'solid', expectedDashed: '5 4' });
        }
        await expectCleanPage(preview);
        await preview.page.close();
    });

    test('filters: diagrams and grid lanes can be hidden and one persona picked; the choice is asked of the host, saved in the state, and applied to exports', async () => {
        const [model] = await renderModels([LARGE_MAPS[0]]);
        const preview = await openPreview();
        await preview.render(messageFor(model));
        const views = async () => (await preview.posted()).filter((posted) => posted.type === 'setView').map((posted) => posted.type === 'setView' && posted.view);
        await preview.page.locator('.cjm-view-menu summary').click();
        await preview.page.locator('input[name="cjm-show-flow"]').uncheck();
        await expect.poll(async () => (await views()).at(-1)).toEqual({ hiddenDiagrams: ['flow'], hiddenLanes: [] });
        await preview.page.locator('input[name="cjm-show-lane-pains"]').uncheck();
        await expect.poll(async () => (await views()).at(-1)).toEqual({ hiddenDiagrams: ['flow'], hiddenLanes: ['pains'] });
        await preview.page.locator('select.cjm-persona-picker').selectOption('leo');
        const chosen: PreviewView = { hiddenDiagrams: ['flow'], hiddenLanes: ['pains'], persona: 'leo' };
        await expect.poll(async () => (await views()).at(-1)).toEqual(chosen);
        // Saved at once, so a reload keeps it even before the host answers.
        expect(await preview.page.evaluate(() => (acquireState() as { view?: unknown }).view)).toEqual(chosen);

        // The host answers with the view applied.
        const filtered = messageFor(model, { view: chosen });
        await preview.render(filtered);
        const leo = model.journeys[0].stages.flatMap((stage) => stage.touchpoints).filter((touchpoint) => touchpoint.personas.includes('leo'));
        expect(leo.length).toBeLessThan(30);
        const shown = await preview.page.evaluate(() => ({
            sections: Array.from(document.querySelectorAll('section.cjm-diagram'), (section) => `${(section as HTMLElement).dataset.kind}${(section as HTMLElement).hidden ? ' hidden' : ''}`),
            lanes: Array.from(document.querySelectorAll('.cjm-grid tbody tr'), (row) => row.className.replace('cjm-lane cjm-lane-', '')),
            tasks: document.querySelectorAll('.cjm-diagram-journey rect.task').length,
            persona: (document.querySelector('select.cjm-persona-picker') as HTMLSelectElement).value
        }));
        expect(shown).toEqual({
            sections: ['journey', 'emotion', 'flow hidden', 'blueprint hidden', 'grid'],
            lanes: ['touchpoints', 'actions', 'thoughts', 'emotions', 'opportunities', 'owners', 'metrics'],
            tasks: leo.length,
            persona: 'leo'
        });
        // An export is of what is shown: Leo's touchpoints only.
        await preview.page.locator('.cjm-diagram-journey button', { hasText: 'SVG' }).click();
        await expect.poll(async () => (await preview.posted()).filter((posted) => posted.type === 'export').length).toBe(1);
        const exported = (await preview.posted()).find((posted) => posted.type === 'export');
        expect(exported?.type === 'export' && (exported.data!.match(/<rect[^>]*class="task[ "]/g) ?? []).length).toBe(leo.length);
        await expectCleanPage(preview);
        await preview.page.close();
    });
});

/** The state the webview saved with the stand-in host API (read from inside the page). */
declare function acquireState(): unknown;

/**
 * Runs in the page: every pair of texts within one drawn SVG whose boxes overlap, as drawn (each
 * text's box turned and moved as the SVG draws it, so turned labels are checked by their real
 * outline, not an upright box around it). Touching boxes, within a pixel, do not count.
 */
function overlappingTexts(): { texts: number; overlaps: string[] } {
    type Point = { x: number; y: number };
    const outline = (text: SVGTextElement): Point[] => {
        const box = text.getBBox();
        const matrix = text.getScreenCTM()!;
        const inset = 1;
        return [
            [box.x + inset, box.y + inset],
            [box.x + box.width - inset, box.y + inset],
            [box.x + box.width - inset, box.y + box.height - inset],
            [box.x + inset, box.y + box.height - inset]
        ].map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
    };
    // Separating axis test for two convex outlines.
    const separated = (a: Point[], b: Point[]) =>
        [a, b].some((shape) =>
            shape.some((point, i) => {
                const next = shape[(i + 1) % shape.length];
                const axis = { x: next.y - point.y, y: point.x - next.x };
                const project = (outlineOf: Point[]) => outlineOf.map((p) => p.x * axis.x + p.y * axis.y);
                const [pa, pb] = [project(a), project(b)];
                return Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa);
            })
        );
    let texts = 0;
    const overlaps: string[] = [];
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>('.cjm-diagrams section:not([hidden]) .cjm-canvas > svg'))) {
        const drawn = Array.from(svg.querySelectorAll<SVGTextElement>('text'))
            .filter((text) => (text.textContent ?? '').trim() !== '' && text.getBBox().width > 0 && getComputedStyle(text).visibility !== 'hidden')
            .map((text) => ({ text: (text.textContent ?? '').trim(), outline: outline(text) }));
        texts += drawn.length;
        drawn.forEach((a, i) =>
            drawn.slice(i + 1).forEach((b) => {
                if (!separated(a.outline, b.outline)) {
                    overlaps.push(`${svg.closest('section')?.getAttribute('data-kind')}: "${a.text}" / "${b.text}"`);
                }
            })
        );
    }
    return { texts, overlaps };
}

/** A picture of one diagram's section as the user sees it: scrolled to just under the sticky toolbar, which would cover its header. */
async function sectionPicture(preview: PreviewPage, kind: DiagramKind, path: string): Promise<void> {
    const section = preview.page.locator(`.cjm-diagram-${kind}`);
    const height = await section.evaluate((element) => element.getBoundingClientRect().height);
    const toolbar = await preview.page.locator('.cjm-toolbar').evaluate((element) => element.getBoundingClientRect().height);
    await preview.page.setViewportSize({ width: 1280, height: Math.ceil(height + toolbar) + 16 });
    await section.evaluate((element, offset) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - offset), toolbar);
    const box = (await section.boundingBox())!;
    await preview.page.screenshot({ path, clip: box });
}

describe('the service blueprint and several personas in the preview', () => {
    /** The message of one example journey, with the examples loaded as one workspace. */
    async function exampleMessage(journeyId: string): Promise<RenderMessage> {
        const messages = await renderMessages(EXAMPLES);
        const message = messages.find((candidate) => candidate.journeyId === journeyId);
        expect(message, `examples hold journey ${journeyId}`).toBeDefined();
        return message!;
    }

    test('draws the billing-support blueprint with its toolbar: zoom, fit, SVG, PNG, click-to-source and highlight (README picture)', async () => {
        const message = await exampleMessage('billing-support');
        const preview = await openPreview();
        await preview.render(message);
        const section = preview.page.locator('.cjm-diagram-blueprint');
        expect(await section.isVisible()).toBe(true);
        const text = asRead(await section.locator('svg').evaluate((svg) => svg.textContent ?? ''));
        for (const label of ['Physical evidence', 'Customer actions', 'Frontstage', 'Line of visibility', 'Backstage', 'Support processes', 'Paper bill', 'Agent raises a refund request']) {
            expect(text.replace(/\s+/g, '')).toContain(label.replace(/\s+/g, ''));
        }
        const touchpoints = message.elements.filter((element) => element.kind === 'touchpoint');
        const stages = message.elements.filter((element) => element.kind === 'stage');
        const reveals = async () => (await preview.posted()).filter((posted) => posted.type === 'reveal');
        // The agent's backstage node (third column) and the third stage's header.
        await section.locator('svg g.node[id*="-flowchart-c0003_back-"]').click();
        await expect.poll(reveals).toEqual([{ type: 'reveal', uri: message.uri, range: touchpoints[2].range }]);
        await section.locator('svg g.node[id*="-flowchart-s0003_stage-"]').click();
        await expect.poll(async () => (await reveals()).at(-1)).toEqual({ type: 'reveal', uri: message.uri, range: stages[2].range });
        await preview.page.evaluate((key) => window.postMessage({ type: 'highlight', elementKey: key }, '*'), `touchpoint:${touchpoints[1].id}`);
        await expect
            .poll(() => section.evaluate((element) => Array.from(element.querySelectorAll('.cjm-highlight'), (shape) => shape.id.replace(/^.*-flowchart-/, '').replace(/-\d+$/, ''))))
            .toEqual(['c0002_action', 'c0002_front', 'c0002_back', 'c0002_support']);
        await preview.page.evaluate(() => window.postMessage({ type: 'highlight' }, '*'));

        const width = () => section.locator('svg').evaluate((svg) => svg.getBoundingClientRect().width);
        const fitted = await width();
        await section.getByRole('button', { name: 'Zoom in' }).click();
        expect(await width()).toBeGreaterThan(fitted * 1.2);
        await section.getByRole('button', { name: 'Fit to the panel width' }).click();
        expect(await width()).toBeCloseTo(fitted, 0);

        const exports = async () => (await preview.posted()).filter((posted) => posted.type === 'export');
        await section.getByRole('button', { name: 'Export the service blueprint as SVG' }).click();
        await section.getByRole('button', { name: 'Export the service blueprint as PNG' }).click();
        await expect.poll(async () => (await exports()).length).toBe(2);
        const [svg, png] = await exports();
        expect(svg).toMatchObject({ format: 'svg', diagram: 'blueprint' });
        expect(svg.type === 'export' && svg.data).toMatch(/^<\?xml[^]*<svg[^]*aria-roledescription="swimlane"[^]*data-id="lane_visibility"[^]*<\/svg>$/);
        expect(png).toMatchObject({ format: 'png', diagram: 'blueprint' });

        await sectionPicture(preview, 'blueprint', join(screenshots, 'preview-blueprint.png'));
        copyFileSync(join(screenshots, 'preview-blueprint.png'), join(root, 'media/blueprint-screenshot.png'));
        await expectCleanPage(preview);
        await preview.page.close();
    }, 180_000);

    test('a journey without blueprint lines has no blueprint section', async () => {
        const preview = await openPreview();
        await preview.render(messageFor(await checkoutModel()));
        expect(await preview.page.locator('.cjm-diagram-blueprint').isHidden()).toBe(true);
        expect(await preview.page.locator('.cjm-diagram-blueprint svg').count()).toBe(0);
        await expectCleanPage(preview);
        await preview.page.close();
    }, 180_000);

    test('draws one emotion line per persona with a legend in text, in light, dark and high-contrast themes (README picture)', async () => {
        const message = await exampleMessage('school-shoes');
        expect(message.emotionLegend.map((entry) => `${entry.colourName}: ${entry.label}`)).toEqual(['blue: expected', 'orange: Maya, busy parent', 'green: Tom']);
        for (const theme of ['light', 'dark', 'high-contrast'] as const) {
            const preview = await openPreview(theme);
            await preview.render(message);
            const section = preview.page.locator('.cjm-diagram-emotion');
            const drawn = await section.evaluate((element) => ({
                axisLabels: Array.from(element.querySelectorAll('svg .bottom-axis .label text'), (text) => {
                    const box = text.getBoundingClientRect();
                    return { left: box.left, right: box.right };
                }),
                strokes: Array.from(element.querySelectorAll('svg g.plot > g[class^="line-plot-"] > path'), (path) => path.getAttribute('stroke')),
                legend: Array.from(element.querySelectorAll('.cjm-legend li'), (item) => ({ text: item.textContent?.trim(), swatch: getComputedStyle(item.querySelector('.cjm-swatch')!).backgroundColor }))
            }));
            const rgb = (hex: string) => `rgb(${[1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
            // One label per touchpoint, none over the next.
            expect(drawn.axisLabels, theme).toHaveLength(5);
            drawn.axisLabels.slice(1).forEach((label, i) => expect(label.left, `${theme}: label ${i + 2}`).toBeGreaterThan(drawn.axisLabels[i].right));
            // The lines in the legend's order and colours: expected first, then one per persona.
            expect(drawn.strokes, theme).toEqual(message.emotionLegend.map((entry) => entry.colour));
            expect(drawn.legend, theme).toEqual(message.emotionLegend.map((entry) => ({ text: `${entry.colourName}: ${entry.label}`, swatch: rgb(entry.colour) })));
            await sectionPicture(preview, 'emotion', join(screenshots, `preview-two-personas-${theme}.png`));
            if (theme === 'light') {
                copyFileSync(join(screenshots, 'preview-two-personas-light.png'), join(root, 'media/two-personas-screenshot.png'));
            }
            await expectCleanPage(preview);
            await preview.page.close();
        }
    }, 180_000);
});
