import { CHROMIUM_CANDIDATES, findChromium } from '@cjm/language/node';
import { UsageError } from '../io/cli-error.js';
import { displayPath } from '../io/paths.js';

/**
 * The Chromium to draw with: --browser, then CJM_BROWSER, then /usr/bin/chromium, then chromium or
 * google-chrome on PATH. The CLI never downloads a browser.
 */
export function findBrowser(explicit: string | undefined): string {
    const requested = explicit ?? process.env.CJM_BROWSER;
    const found = findChromium(requested);
    if (found) {
        return found;
    }
    if (requested) {
        throw new UsageError(`browser not found or not executable: ${displayPath(requested)}`);
    }
    throw new UsageError(`no Chromium found for svg, png or pdf (looked for ${CHROMIUM_CANDIDATES.path}, and ${CHROMIUM_CANDIDATES.onPath.join(', ')} on PATH): install chromium, or pass --browser PATH or set CJM_BROWSER`);
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
