/**
 * `cjm render --format pdf`: headless Chromium's print of the HTML page, read back as a reviewer
 * would with Debian's poppler-utils (`pdfinfo` for the paper, `pdftotext` for the text, which
 * proves the text is text and can be selected and searched). Writes test-results/pdf/checkout-page-1.png
 * (`pdftoppm`), the README's picture of a map as a PDF.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cjm, tempCopy } from './cli-harness.js';

/** Paper in PostScript points (1/72 in), landscape (ISO 216 and US Letter). */
const PAPER = { a3: [1190.6, 841.9], a4: [841.9, 595.3], letter: [792, 612] } as const;

/** Chromium rounds the paper to its own units: within a point of the standard is that paper. */
function expectPaper(info: { width: number; height: number }, page: keyof typeof PAPER): void {
    const [width, height] = PAPER[page];
    expect(Math.abs(info.width - width), `${page} width ${info.width}`).toBeLessThan(1);
    expect(Math.abs(info.height - height), `${page} height ${info.height}`).toBeLessThan(1);
}

function pdfInfo(path: string): { pages: number; width: number; height: number } {
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), width: Number(size[1]), height: Number(size[2]) };
}

/** The text of the PDF (or of one page), in reading order. */
function pdfText(path: string, page?: number): string {
    const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
    return execFileSync('pdftotext', [...range, '-layout', path, '-'], { encoding: 'utf8' });
}

/** Words as they read, whatever the layout put between them. */
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

async function renderPdf(dir: string, file: string, ...args: string[]): Promise<string> {
    const result = await cjm(['render', file, '-f', 'pdf', '-o', 'map.pdf', ...args], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    return join(dir, 'map.pdf');
}

describe('cjm render --format pdf', () => {
    test('prints every diagram and the grid on landscape A3, as text a reader can select', async () => {
        const dir = tempCopy('examples') + '/examples';
        const pdf = await renderPdf(dir, 'checkout.cjm');
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
        const info = pdfInfo(pdf);
        expectPaper(info, 'a3');
        expect(info.pages).toBeGreaterThan(1);
        // The first page as a reviewer sees it (the README's picture): poppler draws it from the PDF alone.
        const pictures = resolve(import.meta.dirname, '../../test-results/pdf');
        mkdirSync(pictures, { recursive: true });
        execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', '-singlefile', pdf, join(pictures, 'checkout-page-1')]);
        expect(statSync(join(pictures, 'checkout-page-1.png')).size).toBeGreaterThan(10_000);

        const text = words(pdfText(pdf));
        // The page's prose, then each figure under its caption.
        expect(text).toMatch(/^Online checkout How first-time buyers find us and buy school supplies Owner: growth · Reviewed: \d{4}-\d\d-\d\d Maya, busy parent Parent of two, works full time Journey /);
        for (const caption of ['Journey', 'Emotion curve', 'Stage flow']) {
            expect(text).toContain(`${caption} `);
        }
        // Mermaid's own text in each drawing: the journey's sections, the curve's title and axis, the flow's scenario edges.
        for (const stage of ['Awareness', 'Consideration', 'Acquisition', 'Service', 'Loyalty']) {
            expect(text).toContain(stage);
        }
        expect(text).toContain('Emotion curve: actual (orange) and expected (blue)');
        expect(text).toContain('Recommended by a friend');
        // The grid: its lanes and what the map says in them.
        for (const lane of ['Touchpoints & channels', 'Actions', 'Thoughts', 'Emotions', 'Pain points', 'Opportunities', 'Owners', 'Metrics']) {
            expect(text).toContain(lane);
        }
        expect(text).toContain('Hard to navigate');
        expect(text).toContain('Checkout conversion: 2.1%');
    }, 180_000);

    test('--page a4 and --page letter print on those papers, landscape', async () => {
        const dir = tempCopy('examples') + '/examples';
        for (const page of ['a4', 'letter'] as const) {
            expectPaper(pdfInfo(await renderPdf(dir, 'checkout.cjm', '--page', page)), page);
        }
    }, 180_000);

    test('each journey of a file starts on a new page', async () => {
        const dir = tempCopy('test/browser/fixtures/two-journeys.cjm');
        const pdf = await renderPdf(dir, 'two-journeys.cjm');
        const pages = Array.from({ length: pdfInfo(pdf).pages }, (_, index) => words(pdfText(pdf, index + 1)));
        expect(pages[0]).toMatch(/^Sign-up /);
        const renewal = pages.findIndex((page) => page.includes('Renewal'));
        expect(renewal).toBeGreaterThan(0);
        expect(pages[renewal]).toMatch(/^Renewal /);
        expect(pages.slice(0, renewal).join(' ')).not.toContain('Renewal e-mail');
    }, 180_000);
});
