/**
 * The VS Code preview's own page in headless Chromium: the built webview bundle
 * (packages/vscode/dist/webview/webview.js) and Mermaid under the page's CSP, sent render messages
 * built by the extension's own code, as the host sends them. Times, inside the page, from a message
 * to the moment the page has drawn it (its render count goes up) and laid it out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { RenderModel } from '@cjm/language';
import { buildRenderModel, CjmWorkspace } from '@cjm/language';
import { createNodeCjmServices } from '@cjm/language/node';
import { CHROMIUM_ARGS } from './mermaid-browser.ts';
import type { Timing } from './timing.ts';
import { time } from './timing.ts';
import { generateJourneyMap } from './workspace-generator.ts';

const VSCODE = fileURLToPath(new URL('../../vscode/', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

/** What the benchmark takes from the extension: its message builder and its page. */
interface HostCode {
    buildRenderMessage(model: RenderModel, fileName: string, choice: object): unknown;
    buildPreviewHtml(assets: { cspSource: string; nonce: string; styleUri: string; mapStyleUri: string; mermaidUri: string; scriptUri: string }): string;
    createNonce(): string;
    DEFAULT_VIEW: object;
    DIAGRAM_KINDS: readonly string[];
}

export class PreviewPage {
    private readonly browser: Browser;
    private readonly page: Page;
    private readonly url: string;
    private readonly host: HostCode;
    private readonly folder: string;

    private constructor(browser: Browser, page: Page, url: string, host: HostCode, folder: string) {
        this.browser = browser;
        this.page = page;
        this.url = url;
        this.host = host;
        this.folder = folder;
    }

    /** Bundles the extension's host code for Node, writes the page and opens it in Chromium. */
    static async launch(): Promise<PreviewPage> {
        const folder = mkdtempSync(join(tmpdir(), 'cjm-bench-preview-'));
        const hostFile = join(folder, 'host.mjs');
        await esbuild.build({
            stdin: {
                contents: [
                    "export { buildRenderMessage } from './src/preview/render-message.ts';",
                    "export { buildPreviewHtml, createNonce } from './src/preview/security.ts';",
                    "export { DEFAULT_VIEW, DIAGRAM_KINDS } from './src/protocol.ts';"
                ].join('\n'),
                resolveDir: VSCODE,
                loader: 'ts'
            },
            bundle: true,
            platform: 'node',
            format: 'esm',
            outfile: hostFile,
            logLevel: 'warning',
            // Langium and its CommonJS dependencies, bundled as ESM, still call require.
            banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
        });
        const host = (await import(pathToFileURL(hostFile).href)) as HostCode;
        const file = (path: string) => pathToFileURL(join(REPOSITORY, path)).href;
        const html = join(folder, 'preview.html');
        writeFileSync(html, host.buildPreviewHtml({
            cspSource: 'file:',
            nonce: host.createNonce(),
            styleUri: file('media/preview.css'),
            mapStyleUri: file('media/map.css'),
            mermaidUri: file('packages/vscode/dist/webview/mermaid.min.js'),
            scriptUri: file('packages/vscode/dist/webview/webview.js')
        }));
        const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        // The one host API a webview has, as VS Code injects it before any page script.
        await page.addInitScript(() => {
            let state: unknown;
            Object.assign(window, { acquireVsCodeApi: () => ({ postMessage: () => undefined, getState: () => state, setState: (next: unknown) => (state = next) }) });
        });
        return new PreviewPage(browser, page, pathToFileURL(html).href, host, folder);
    }

    /** The render message the host posts for the first journey of `model`, every diagram shown. */
    message(model: RenderModel): unknown {
        const choice = { diagrams: [...this.host.DIAGRAM_KINDS], view: this.host.DEFAULT_VIEW, theme: 'auto', locked: false };
        return this.host.buildRenderMessage(model, 'bench.cjm', choice);
    }

    /** A fresh page (Mermaid loaded, nothing drawn), then the milliseconds to its first picture of `message`. */
    async firstPicture(message: unknown): Promise<number> {
        await this.page.goto(this.url);
        await this.page.evaluate(() => document.body.classList.add('vscode-light'));
        await this.page.waitForFunction(() => document.querySelector('.cjm-toolbar') !== null);
        return this.draw(message);
    }

    /** The milliseconds from posting `message` to the page showing it. */
    async draw(message: unknown): Promise<number> {
        return this.page.evaluate(async (data) => {
            const before = Number(document.body.dataset.renderCount ?? '0');
            const started = performance.now();
            window.postMessage(data, '*');
            await new Promise<void>((resolve) => {
                const observer = new MutationObserver(() => {
                    if (Number(document.body.dataset.renderCount ?? '0') > before) {
                        observer.disconnect();
                        resolve();
                    }
                });
                observer.observe(document.body, { attributes: true, attributeFilter: ['data-render-count'] });
            });
            // Reading the size forces the layout of what was drawn.
            document.body.getBoundingClientRect();
            return performance.now() - started;
        }, message);
    }

    async close(): Promise<void> {
        await this.browser.close();
        rmSync(this.folder, { recursive: true, force: true });
    }
}

/** One map's preview: its first picture, and its redraw after one touchpoint's `feels` changed. */
export interface PreviewPageResult {
    touchpoints: number;
    firstPicture: Timing;
    editRedraw: Timing;
    ratio: number;
}

/** The render models of a generated one-journey map, as written and with one touchpoint's `feels` edited. */
async function mapAndEdit(touchpoints: number, stages: number): Promise<[RenderModel, RenderModel]> {
    const files = generateJourneyMap(touchpoints, stages);
    const journey = files[1].cjm;
    // The middle touchpoint's first `feels` line: a new emotion moves one point of the curve and one task.
    const middle = journey.indexOf(`touchpoint tp${Math.floor(touchpoints / 2)} `);
    const feels = journey.indexOf('feels ', middle);
    const lineEnd = journey.indexOf('\n', feels);
    const edited = `${journey.slice(0, feels)}feels ${journey.slice(feels, lineEnd).includes('delighted') ? 'angry' : 'delighted'}${journey.slice(lineEnd)}`;
    const models: RenderModel[] = [];
    for (const text of [journey, edited]) {
        const workspace = new CjmWorkspace(createNodeCjmServices().Cjm);
        const [, document] = await workspace.load([{ uri: 'file:///bench/personas.cjm', text: files[0].cjm }, { uri: 'file:///bench/journey.cjm', text }]);
        models.push(buildRenderModel(document));
    }
    return [models[0], models[1]];
}

/**
 * Times the preview page on a map of `touchpoints` touchpoints: the first picture in a fresh page,
 * then redraws after a one-touchpoint edit (the edit and its undo in turn, each a real change).
 */
export async function measurePreviewPage(page: PreviewPage, touchpoints: number, stages: number, runs: number): Promise<PreviewPageResult> {
    const [written, edited] = (await mapAndEdit(touchpoints, stages)).map((model) => page.message(model));
    const firstPicture = await time({ warmup: 1, runs }, () => page.firstPicture(written));
    let shown = written;
    await page.firstPicture(shown);
    const editRedraw = await time({ warmup: 2, runs }, () => {
        shown = shown === written ? edited : written;
        return page.draw(shown);
    });
    return { touchpoints, firstPicture, editRedraw, ratio: editRedraw.median / firstPicture.median };
}

/** The preview page's measurements on their own: `node packages/language/benchmark/preview-page.ts`. */
if (import.meta.main) {
    const runs = Number(process.env.BENCH_RUNS ?? 7);
    const page = await PreviewPage.launch();
    try {
        for (const [touchpoints, stages, times] of [[50, 5, runs], [300, 10, Math.max(3, Math.ceil(runs / 2))]]) {
            const result = await measurePreviewPage(page, touchpoints, stages, times);
            const ms = (t: Timing) => `${t.min.toFixed(0)} / ${t.median.toFixed(0)} / ${t.max.toFixed(0)} ms`;
            process.stdout.write(`${touchpoints} tp: first picture ${ms(result.firstPicture)}, redraw after an edit ${ms(result.editRedraw)}, ratio ${result.ratio.toFixed(3)}\n`);
        }
    } finally {
        await page.close();
    }
}
