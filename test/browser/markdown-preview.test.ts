/**
 * The ```cjm blocks of VS Code's Markdown preview in a real browser: a page laid out as VS Code's
 * preview lays out a Markdown document (under the Content-Security-Policy its strict mode sets,
 * with the extension's previewStyles and its nonce-tagged previewScript), whose HTML is what
 * markdown-it renders with the extension's plugin for maps the language package builds against
 * the workspace. The script draws every diagram with the Mermaid it loads beside itself, again
 * after the preview rewrites the page, and runs and loads nothing of the map's.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RenderModel } from '@cjm/language';
import { buildRenderModel } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import { createNonce } from '../../packages/vscode/src/preview/security.js';
import { cjmFencePlugin } from '../../packages/vscode/src/markdown/markdown-it-plugin.js';
import type { Beacon } from '../support/hostile-corpus.js';
import { hostileMapText, hostileStrings, journeyId, literalProblems, PAYLOADS, SHOWN_ON, shownBy, startBeacon, withBeacon } from '../support/hostile-corpus.js';

const root = join(import.meta.dirname, '../..');
const dist = join(root, 'packages/vscode/dist');
const outDir = join(root, 'test-results/browser-markdown');
const spec = (name: string) => readFileSync(join(root, 'test/fixtures/spec', name), 'utf8');

const FENCE = 'journey short "Checkout, in short" {\n  persona maya\n  stage pay "Pay" {\n    touchpoint card "Card form" { feels frustrated expected happy pain "Card declined" }\n    touchpoint done "Confirmation" { feels happy }\n  }\n}\n';

let browser: Browser;
let beacon: Beacon;

beforeAll(async () => {
    for (const file of ['markdown/cjm-fences.js', 'webview/mermaid.min.js']) {
        expect(existsSync(join(dist, file)), `dist/${file} missing: run \`npm run bundle -w cjm-vscode\``).toBe(true);
    }
    mkdirSync(outDir, { recursive: true });
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    beacon = await startBeacon();
});

afterAll(async () => {
    await browser?.close();
    await beacon?.close();
});

/** The render models of fence texts, each built against a workspace holding the spec's persona library. */
async function fenceModels(texts: string[]): Promise<Map<string, RenderModel>> {
    const workspace = createNodeCjmWorkspace();
    await workspace.load([{ uri: join(root, 'test/fixtures/spec/personas.cjm'), text: spec('personas.cjm') }]);
    const models = new Map<string, RenderModel>();
    for (const text of texts) {
        models.set(text, buildRenderModel(await workspace.services.workspace.DetachedDocuments.build(text)));
    }
    return models;
}

/** A Markdown document as VS Code's plugin host renders it, with each fence's map drawn. */
function renderMarkdown(markdown: string, models: Map<string, RenderModel>): string {
    return new MarkdownIt({ html: true }).use(cjmFencePlugin, { stateOf: (text: string) => ({ kind: 'drawn' as const, model: models.get(text)! }) }).render(markdown);
}

interface MarkdownPreview {
    page: Page;
    problems: string[];
    /** Replaces the document's HTML as the preview does on an edit, and fires its update event. */
    update(html: string): Promise<void>;
}

/**
 * VS Code 1.139's Markdown preview page, strict security, with the extension's contributions
 * (cspSource: file:). The preview's own script appends the document's first content to <body>
 * once the page has loaded, and fires no event for it (the inline script stands in for it); the
 * extension's script runs before, as VS Code's async loading lets it.
 */
async function openMarkdownPreview(body: string): Promise<MarkdownPreview> {
    const nonce = createNonce();
    const url = (path: string) => pathToFileURL(path).href;
    const csp = "default-src 'none'; img-src 'self' file: https: data:; media-src 'self' file: https: data:; "
        + `script-src 'nonce-${nonce}'; style-src 'self' file: 'unsafe-inline' https: data:; font-src 'self' file: https: data:;`;
    const file = join(outDir, `preview-${nonce.replace(/[^a-z0-9]/gi, '')}.html`);
    writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${url(join(root, 'media/map.css'))}">
<link rel="stylesheet" href="${url(join(root, 'media/markdown-fences.css'))}">
</head><body class="vscode-body vscode-light">
<script nonce="${nonce}" src="${url(join(dist, 'markdown/cjm-fences.js'))}"></script>
<template id="initial-md-content"><div class="markdown-body">${body}</div></template>
<script nonce="${nonce}">document.addEventListener('DOMContentLoaded', () => document.body.append(document.getElementById('initial-md-content').content.cloneNode(true)));</script>
</body></html>`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
    });
    page.on('request', (request) => !request.url().startsWith('file://') && !request.url().startsWith('data:') && problems.push(`request: ${request.url()}`));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.effectiveDirective} ${event.blockedURI}`)));
    await page.goto(url(file));
    return {
        page,
        problems,
        async update(html: string) {
            await page.evaluate((next) => {
                document.querySelector('.markdown-body')!.innerHTML = next;
                window.dispatchEvent(new CustomEvent('vscode.markdown.updateContent'));
            }, html);
        }
    };
}

/** Waits until every canvas of the page holds Mermaid's drawing. */
async function allDrawn(page: Page, canvases: number): Promise<void> {
    await expect.poll(() => page.locator('.cjm-fence .cjm-diagram-canvas > svg').count(), { timeout: 60_000 }).toBe(canvases);
}

describe('```cjm blocks in the Markdown preview', () => {
    test('draws each diagram of the map against the workspace, and again after the preview rewrites the page', async () => {
        const html = renderMarkdown(`# Checkout\n\n\`\`\`cjm\n${FENCE}\`\`\`\n`, await fenceModels([FENCE]));
        const preview = await openMarkdownPreview(html);
        await allDrawn(preview.page, 3);
        const read = await preview.page.evaluate(() => ({
            personas: document.querySelector('.cjm-fence .cjm-personas')?.textContent,
            journey: document.querySelector('.cjm-fence [id$="-journey"] > svg')?.textContent,
            emotion: document.querySelector('.cjm-fence [id$="-emotion"] > svg')?.textContent,
            grid: document.querySelector('.cjm-fence table.cjm-grid')?.textContent,
            mermaidScripts: Array.from(document.querySelectorAll('script[src$="mermaid.min.js"]'), (script) => (script as HTMLScriptElement).nonce !== '')
        }));
        // maya is the workspace's: the fence's map was linked against it.
        expect(read.personas).toContain('Maya, busy parent');
        expect(read.journey).toContain('Card form');
        expect(read.emotion).toContain('Confirmation');
        expect(read.grid).toContain('Card declined');
        expect(read.mermaidScripts).toEqual([true]);
        await preview.page.screenshot({ path: join(outDir, 'markdown-preview.png'), fullPage: true });

        // An edit: the preview writes the fence's HTML afresh (empty canvases) and says so.
        await preview.update(html);
        await allDrawn(preview.page, 3);
        expect(preview.problems).toEqual([]);
        await preview.page.close();
    }, 120_000);

    test('a document without a cjm block does not load Mermaid', async () => {
        const preview = await openMarkdownPreview(renderMarkdown('# Notes\n\n```js\nlet x;\n```\n', new Map()));
        await preview.update('<p>edited</p>');
        expect(await preview.page.locator('script[src$="mermaid.min.js"]').count()).toBe(0);
        expect(preview.problems).toEqual([]);
        await preview.page.close();
    });

    test('shows every payload of the hostile corpus literally, and runs and loads none of it', async () => {
        const map = withBeacon(hostileMapText(), beacon.origin);
        const strings = hostileStrings(beacon.origin);
        const html = renderMarkdown(`\`\`\`cjm\n${map}\n\`\`\`\n`, await fenceModels([`${map}\n`]));
        const preview = await openMarkdownPreview(html);
        const diagrams = await preview.page.locator('pre.cjm-fence-source').count();
        expect(diagrams).toBeGreaterThanOrEqual(PAYLOADS.length * 3);
        await allDrawn(preview.page, diagrams);
        const drawn = await preview.page.evaluate(() => {
            const svgText = (svg: Element | null) => Array.from(svg ? svg.querySelectorAll('text, tspan, foreignObject') : [])
                .filter((e) => !e.querySelector('tspan') && !e.parentElement?.closest('foreignObject'))
                .map((e) => e.textContent ?? '').join('\n');
            // The plugin's own elements (`code` holds a journey's owner, a team's name).
            const written = new Set(['div', 'section', 'h1', 'p', 'ul', 'li', 'span', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'pre', 'code']);
            return {
                pwned: (window as unknown as { __pwned?: unknown }).__pwned,
                injected: Array.from(document.querySelectorAll('.markdown-body *')).filter((e) => !e.closest('svg') && !written.has(e.localName)).map((e) => e.localName),
                handlers: Array.from(document.querySelectorAll('.markdown-body *')).flatMap((e) =>
                    Array.from(e.attributes).filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => `${e.localName} ${a.name}`)),
                journeys: Array.from(document.querySelectorAll('section.cjm-journey'), (section) => ({
                    id: (section as HTMLElement).dataset.id!,
                    prose: Array.from(section.querySelectorAll(':scope > h1, :scope > p, :scope > ul'), (e) => e.textContent).join('\n'),
                    grid: section.querySelector('table.cjm-grid')?.textContent ?? '',
                    journey: svgText(section.querySelector('[id$="-journey"] > svg')),
                    emotion: svgText(section.querySelector('[id$="-emotion"] > svg')),
                    flow: svgText(section.querySelector('[id$="-flow"] > svg'))
                })),
                page: document.documentElement.outerHTML
            };
        });
        expect(drawn.pwned).toBeUndefined();
        expect(drawn.injected).toEqual([]);
        expect(drawn.handlers).toEqual([]);
        expect(drawn.journeys.map((journey) => journey.id)).toEqual(PAYLOADS.map((_, i) => journeyId(i + 1)));
        for (const journey of drawn.journeys) {
            const own = strings.filter((string) => journeyId(string.payload) === journey.id);
            expect(literalProblems(journey.prose, own, SHOWN_ON.htmlProse, []), `${journey.id} prose`).toEqual([]);
            for (const surface of ['grid', 'journey', 'emotion', 'flow'] as const) {
                expect(literalProblems(journey[surface], own, SHOWN_ON[surface], []), `${journey.id} ${surface}`).toEqual([]);
            }
        }
        // The block shows what the CLI's HTML page shows, and nothing more of the map.
        expect(literalProblems(drawn.page, strings, [], shownBy('html').absent)).toEqual([]);
        expect(preview.problems).toEqual([]);
        expect(beacon.hits).toEqual([]);
        await preview.page.close();
    }, 300_000);
});
