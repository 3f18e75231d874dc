/**
 * The workspace overview webview in a real browser: dist/webview/overview.js and mermaid.min.js under
 * the CSP the extension sets, with a stand-in for acquireVsCodeApi. The host's message is built as
 * the extension builds it (overviewHtml over the language server's overview, here computed in process
 * over the same files). Also: a subjourney link in the preview's grid asks the host to open that journey.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WorkspaceOverview } from '@cjm/language';
import { buildRenderModel, buildWorkspaceOverview, overviewHtml, PORTFOLIO_CANVAS_ID, shortenLabel, summarizeDocument, today } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import type { OverviewMessage, WebviewToHost } from '../../packages/vscode/src/protocol.js';
import { DEFAULT_VIEW, DIAGRAM_KINDS } from '../../packages/vscode/src/protocol.js';
import { buildRenderMessage } from '../../packages/vscode/src/preview/render-message.js';
import { buildPreviewHtml, createNonce } from '../../packages/vscode/src/preview/security.js';
import type { Beacon } from '../support/hostile-corpus.js';
import { asRead, hostileMapText, hostileStrings, literalProblems, SHOWN_ON, shownBy, startBeacon, withBeacon } from '../support/hostile-corpus.js';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'packages/vscode/dist/webview');
const outDir = join(root, 'test-results/browser-overview');
const EXAMPLES = readdirSync(join(root, 'examples')).filter(name => name.endsWith('.cjm')).sort().map(name => join(root, 'examples', name));

let browser: Browser;
let beacon: Beacon;
const pages: Record<'overview' | 'preview', string> = { overview: '', preview: '' };

/** The overview of files loaded into one workspace, as the language server computes it. */
async function overviewOf(files: Array<{ uri: string; text: string }>): Promise<WorkspaceOverview> {
    const documents = await createNodeCjmWorkspace().load(files);
    return buildWorkspaceOverview(documents.map(document => summarizeDocument(document, today())), today(), uri => basename(new URL(uri).pathname));
}

function messageFor(overview: WorkspaceOverview): OverviewMessage {
    const { html, portfolio } = overviewHtml(overview);
    return { type: 'overview', html, ...(portfolio !== undefined ? { portfolio } : {}), canvasId: PORTFOLIO_CANVAS_ID, theme: 'auto' };
}

interface Webview {
    page: Page;
    problems: string[];
    posted(): Promise<WebviewToHost[]>;
    show(message: unknown): Promise<void>;
}

beforeAll(async () => {
    for (const file of ['overview.js', 'webview.js', 'mermaid.min.js']) {
        expect(existsSync(join(dist, file)), `dist/${file} missing: run \`npm run bundle -w cjm-vscode\``).toBe(true);
    }
    mkdirSync(outDir, { recursive: true });
    const url = (path: string) => pathToFileURL(path).href;
    for (const [kind, script, style] of [['overview', 'overview.js', 'overview.css'], ['preview', 'webview.js', 'preview.css']] as const) {
        pages[kind] = join(outDir, `${kind}.html`);
        writeFileSync(pages[kind], buildPreviewHtml({
            cspSource: 'file:', nonce: createNonce(), styleUri: url(join(root, 'media', style)), mapStyleUri: url(join(root, 'media', 'map.css')), mermaidUri: url(join(dist, 'mermaid.min.js')), scriptUri: url(join(dist, script))
        }));
    }
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

async function openWebview(kind: 'overview' | 'preview', state?: unknown): Promise<Webview> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('console', message => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    page.on('pageerror', error => problems.push(`page error: ${error.message}`));
    page.on('dialog', dialog => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
    page.on('request', request => { if (!request.url().startsWith('file://') && !request.url().startsWith('data:')) problems.push(`request: ${request.url()}`); });
    // Runs before any page script and outside the page's CSP, like VS Code's own webview bootstrap.
    await page.addInitScript((saved) => {
        const record = window as unknown as { __posted: unknown[]; __state: unknown };
        record.__posted = [];
        record.__state = saved;
        Object.assign(window, {
            acquireVsCodeApi: () => ({ postMessage: (message: unknown) => record.__posted.push(message), getState: () => record.__state, setState: (next: unknown) => (record.__state = next) })
        });
        document.addEventListener('securitypolicyviolation', event => record.__posted.push({ type: 'csp', message: `${event.effectiveDirective} ${event.blockedURI}` }));
    }, state);
    await page.goto(pathToFileURL(pages[kind]).href);
    const posted = () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted);
    await expect.poll(posted).toContainEqual({ type: 'ready' });
    return {
        page,
        problems,
        posted,
        async show(message) {
            const before = await page.evaluate(() => Number(document.body.dataset.renderCount ?? '0'));
            await page.evaluate(data => window.postMessage(data, '*'), message);
            await page.waitForFunction(count => Number(document.body.dataset.renderCount ?? '0') > count, before);
        }
    };
}

describe('the overview webview in Chromium', () => {
    test('draws the examples\' tree, portfolio chart and tables; a journey click opens it, a row click reveals it', async () => {
        const overview = await overviewOf(EXAMPLES.map(file => ({ uri: file, text: readFileSync(file, 'utf8') })));
        const webview = await openWebview('overview');
        await webview.show(messageFor(overview));
        const tree = await webview.page.locator('table.cjm-journeys tr.cjm-journey-row th').allTextContents();
        expect(tree).toEqual(['Customer lifecycle', '↳ Online checkout', '↳ Buying school shoes together', '↳ Invoicing app onboarding', '↳ Fixing a billing mistake']);
        const labels = await webview.page.locator(`#${PORTFOLIO_CANVAS_ID} svg text`).allTextContents();
        expect(labels).toEqual(expect.arrayContaining(['Quick wins', 'Big bets', 'Guest checkout']));
        await webview.page.locator('tr[data-cjm-journey="checkout"] .cjm-journey-link').click();
        await webview.page.locator('table.cjm-portfolio tr.cjm-opportunity', { hasText: 'Guest checkout' }).click();
        await webview.page.locator('table.cjm-insights tr.cjm-insight', { hasText: 'Billing call review' }).click();
        const checkout = overview.journeys.find(j => j.id === 'checkout')!;
        const guest = overview.portfolio.find(o => o.text === 'Guest checkout')!;
        const insight = overview.insights.find(i => i.id === 'call-review')!;
        const posted = (await webview.posted()).filter(message => message.type !== 'ready');
        expect(posted).toEqual([
            { type: 'openJourney', journeyId: 'checkout', uri: checkout.uri },
            { type: 'reveal', uri: guest.uri, range: guest.range },
            { type: 'reveal', uri: insight.uri, range: insight.range }
        ]);
        // The README's picture of the overview.
        await webview.page.screenshot({ path: join(outDir, 'overview.png'), fullPage: true });
        copyFileSync(join(outDir, 'overview.png'), join(root, 'media/overview-screenshot.png'));
        expect(webview.problems).toEqual([]);
        await webview.page.close();
    });

    test('keeps its scroll position in its state and restores it after a reload', async () => {
        const overview = await overviewOf(EXAMPLES.map(file => ({ uri: file, text: readFileSync(file, 'utf8') })));
        const first = await openWebview('overview');
        await first.page.setViewportSize({ width: 600, height: 300 });
        await first.show(messageFor(overview));
        await first.page.evaluate(() => window.scrollTo(0, 400));
        await first.page.waitForFunction(() => (window as unknown as { __state?: { scrollY?: number } }).__state?.scrollY === 400);
        const state = await first.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
        expect(state).toEqual({ kind: 'overview', scrollY: 400 });
        await first.page.close();
        const restored = await openWebview('overview', state);
        await restored.page.setViewportSize({ width: 600, height: 300 });
        await restored.show(messageFor(overview));
        expect(await restored.page.evaluate(() => window.scrollY)).toBe(400);
        await restored.page.close();
    });

    test('the hostile corpus: every string the overview shows is literal, nothing runs, nothing is requested', async () => {
        const strings = hostileStrings(beacon.origin);
        const overview = await overviewOf([{ uri: '/ws/every-position.cjm', text: withBeacon(hostileMapText(), beacon.origin) }]);
        const webview = await openWebview('overview');
        await webview.show(messageFor(overview));
        const drawn = await webview.page.evaluate(id => ({
            tables: Array.from(document.querySelectorAll('table'), table => (table as HTMLElement).innerText).join('\n'),
            chart: Array.from(document.querySelectorAll(`#${id} svg :is(text, tspan)`)).filter(e => !e.querySelector('tspan')).map(e => e.textContent).join('\n'),
            page: document.documentElement.outerHTML,
            injected: document.querySelectorAll('#cjm-root :is(script, iframe, img, object, embed, form, a, link, meta, style:not(svg style))').length,
            pwned: (window as unknown as { __pwned?: unknown }).__pwned
        }), PORTFOLIO_CANVAS_ID);
        expect(literalProblems(drawn.tables, strings, SHOWN_ON.report, [])).toEqual([]);
        expect(literalProblems(drawn.page, strings, [], shownBy('report').absent)).toEqual([]);
        const labels = strings.filter(s => s.occurrence === 'opportunity-text').map(s => asRead(shortenLabel(s.text)));
        expect(labels.filter(label => !asRead(drawn.chart).includes(label))).toEqual([]);
        expect({ injected: drawn.injected, pwned: drawn.pwned }).toEqual({ injected: 0, pwned: undefined });
        expect((await webview.posted()).filter(message => message.type !== 'ready')).toEqual([]);
        expect(webview.problems).toEqual([]);
        expect(beacon.hits).toEqual([]);
        await webview.page.close();
    });
});

describe('subjourney links in the preview', () => {
    test('a click on a subjourney in the grid asks the host to open that journey, with its document', async () => {
        const files = EXAMPLES.map(file => ({ uri: file, text: readFileSync(file, 'utf8') }));
        const documents = await createNodeCjmWorkspace().load(files);
        const lifecycle = buildRenderModel(documents[EXAMPLES.findIndex(file => file.endsWith('lifecycle.cjm'))]);
        const webview = await openWebview('preview');
        await webview.show(buildRenderMessage(lifecycle, 'lifecycle.cjm', { diagrams: [...DIAGRAM_KINDS], theme: 'auto', locked: false, view: DEFAULT_VIEW }));
        await webview.page.locator('.cjm-diagram-grid [data-cjm-subjourney="billing-support"]').first().click();
        const billing = pathToFileURL(EXAMPLES.find(file => file.endsWith('billing-support.cjm'))!).href;
        expect((await webview.posted()).filter(message => message.type === 'openJourney')).toEqual([{ type: 'openJourney', journeyId: 'billing-support', uri: billing }]);
        expect((await webview.posted()).filter(message => message.type === 'reveal')).toEqual([]);
        expect(webview.problems).toEqual([]);
        await webview.page.close();
    });
});
