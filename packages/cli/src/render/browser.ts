import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../io/cli-error.js';
import { displayPath } from '../io/paths.js';

const DEFAULT_BROWSER = '/usr/bin/chromium';
const BROWSERS_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * The Chromium to draw with: --browser, then CJM_BROWSER, then /usr/bin/chromium, then chromium or
 * google-chrome on PATH. The CLI never downloads a browser.
 */
export function findBrowser(explicit: string | undefined): string {
    const requested = explicit ?? process.env.CJM_BROWSER;
    if (requested) {
        if (!isExecutableFile(requested)) {
            throw new UsageError(`browser not found or not executable: ${displayPath(requested)}`);
        }
        return requested;
    }
    if (isExecutableFile(DEFAULT_BROWSER)) {
        return DEFAULT_BROWSER;
    }
    for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
        for (const name of BROWSERS_ON_PATH) {
            const candidate = join(folder, name);
            if (isExecutableFile(candidate)) {
                return candidate;
            }
        }
    }
    throw new UsageError('no Chromium found for svg/png: install chromium, or pass --browser PATH or set CJM_BROWSER');
}

function isExecutableFile(path: string): boolean {
    try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
    } catch {
        return false;
    }
}

/** What a drawing in the browser produces. */
export type Drawing = { kind: 'svg'; diagram: string } | { kind: 'png' };

/**
 * Opens the self-contained HTML page in headless Chromium, waits until Mermaid has drawn every
 * diagram, and returns one diagram's SVG or a full-page PNG.
 */
export async function drawInBrowser(html: string, executablePath: string, drawing: Drawing): Promise<string | Buffer> {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync']
    }).catch((error: Error) => {
        throw new UsageError(`could not start ${executablePath}: ${error.message.split('\n')[0]}`);
    });
    try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.setContent(html, { waitUntil: 'load' });
        // A selector, not waitForFunction: Playwright evaluates a predicate with eval(), which the page's CSP forbids
        // once the first poll finds the drawing unfinished (a page with several journeys).
        await page.locator('body[data-rendered="true"]').waitFor({ state: 'attached', timeout: 300_000 });
        if (drawing.kind === 'png') {
            return await page.screenshot({ fullPage: true, type: 'png' });
        }
        const svg = await page.locator(`#${drawing.diagram} svg`).first().evaluate(element => element.outerHTML).catch(() => undefined);
        if (!svg) {
            const text = await page.locator(`#${drawing.diagram}`).textContent();
            throw new UsageError(text?.trim() || 'Mermaid drew nothing for this diagram');
        }
        return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
    } finally {
        await browser.close();
    }
}
