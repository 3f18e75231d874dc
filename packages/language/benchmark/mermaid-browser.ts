import { createRequire } from 'node:module';
import { MERMAID_LIMITS } from '@cjm/language';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Flags from the project's toolchain notes: headless, sandbox-less, no network chatter. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Mermaid's configuration in the VS Code preview (packages/vscode/src/webview/mermaid-theme.ts), minus the theme colours. */
const PREVIEW_CONFIG = {
    startOnLoad: false,
    securityLevel: 'strict',
    suppressErrorRendering: true,
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    journey: { useMaxWidth: false },
    xyChart: { useMaxWidth: false, height: 420 },
    ...MERMAID_LIMITS
};

/** Mermaid 12 (the UMD build the preview ships) in headless Chromium, timing renders inside the page. */
export class MermaidBrowser {
    private readonly browser: Browser;
    private readonly page: Page;

    private constructor(browser: Browser, page: Page) {
        this.browser = browser;
        this.page = page;
    }

    /** Launches Chromium and loads mermaid.min.js into a blank page. */
    static async launch(): Promise<MermaidBrowser> {
        const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
        const page = await browser.newPage();
        const mermaidJs = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
        await page.setContent('<!doctype html><html><body><div id="diagrams"></div></body></html>');
        await page.addScriptTag({ path: mermaidJs });
        await page.evaluate(config => (globalThis as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize(config), PREVIEW_CONFIG);
        return new MermaidBrowser(browser, page);
    }

    /**
     * Renders the diagrams one after the other into the page, as the preview does, and returns the
     * milliseconds from the first render call until the last SVG is laid out.
     */
    async render(diagrams: string[]): Promise<number> {
        return this.page.evaluate(async texts => {
            type Mermaid = { render(id: string, text: string): Promise<{ svg: string }> };
            const mermaid = (globalThis as unknown as { mermaid: Mermaid }).mermaid;
            const host = document.getElementById('diagrams')!;
            host.replaceChildren();
            const started = performance.now();
            for (const [i, text] of texts.entries()) {
                const { svg } = await mermaid.render(`bench-${Date.now()}-${i}`, text);
                const holder = document.createElement('div');
                holder.innerHTML = svg;
                host.append(holder);
                // Reading the size forces layout of the inserted SVG.
                holder.getBoundingClientRect();
            }
            return performance.now() - started;
        }, diagrams);
    }

    /** Closes the browser. */
    async close(): Promise<void> {
        await this.browser.close();
    }
}
