/**
 * `cjm report`: the workspace overview as Markdown (read by markdown-it, its Mermaid fence parsed and
 * drawn in Chromium, as GitHub would), as JSON (validated against docs/report.schema.json) and as an
 * HTML page (opened in Chromium under its CSP), with the CLI's rules for paths, .cjmignore, exit
 * codes, one-line errors, atomic writes and progress. The hostile corpus goes through all three.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import MarkdownIt from 'markdown-it';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { shortenLabel, type WorkspaceOverview } from '@cjm/language';
import type { Beacon, HostileString } from '../support/hostile-corpus.js';
import { asRead, hostileMapText, hostileStrings, literalProblems, SHOWN_ON, shownBy, startBeacon, withBeacon } from '../support/hostile-corpus.js';
import { cjm, cjmOnTerminal, expectUsageError, mermaid, mermaidBlocks, recordPageProblems, REPO, tempCopy, writeFiles } from './cli-harness.js';

const SCHEMA = JSON.parse(readFileSync(join(REPO, 'docs/report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(SCHEMA);
const markdown = new MarkdownIt({ html: true, linkify: true });

let browser: Browser;
let beacon: Beacon;

beforeAll(async () => {
    beacon = await startBeacon();
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
});

afterAll(async () => {
    await browser?.close();
    await beacon?.close();
});

/** A page that records everything a report must never do: dialogs, errors, requests, frames. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    return { page, problems: recordPageProblems(page) };
}

/** Draws one Mermaid text in a fresh page with Mermaid's strict settings; returns the SVG's leaf text. */
async function drawMermaid(text: string): Promise<string> {
    const { page, problems } = await watchedPage();
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ path: join(REPO, 'node_modules/mermaid/dist/mermaid.min.js') });
    const drawn = await page.evaluate(async source => {
        const api = (window as unknown as { mermaid: { initialize(c: object): void; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
        api.initialize({ startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true });
        const holder = document.createElement('div');
        holder.innerHTML = (await api.render('chart', source)).svg;
        document.body.append(holder);
        return Array.from(holder.querySelectorAll('text, tspan')).filter(e => !e.querySelector('tspan')).map(e => e.textContent ?? '').join('\n');
    }, text);
    expect(problems).toEqual([]);
    await page.close();
    return drawn;
}

describe('cjm report examples', () => {
    test('--format md (the default) shows the tree, the portfolio and the insights as GitHub renders them', async () => {
        const dir = tempCopy('examples');
        const result = await cjm(['report', 'examples', '--format', 'md'], dir);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toBe('');
        const html = markdown.render(result.stdout);
        const rows = Array.from(html.matchAll(/<tr>\s*<td>(.*?)<\/td>/g), match => match[1].replace(/&emsp;/g, '  '));
        expect(rows.slice(0, 5)).toEqual(['Customer lifecycle', '↳ Online checkout', '↳ Buying school shoes together', '↳ Invoicing app onboarding', '↳ Fixing a billing mistake']);
        expect(result.stdout).toContain('| 2026-05-04 **stale** |');
        expect(result.stdout).toContain('| Call back instead of queueing | Fixing a billing mistake | Phone menu | medium | high | support | planned | SUP-7 | 2026-11-01 **overdue** |');
        expect(result.stdout).toContain('| Billing call review | support-tickets | 2025-06 **stale** | 240 | 2 pains, 1 touchpoint in 2 journeys |');
        expect(result.stdout).toMatch(/\| Delivery diary study \| Diary study \| 2026-11 \| 6 \| \*\*unused\*\* \| — \|\n\n## Metrics/);
        const tags = new Set(Array.from(html.matchAll(/<\/?([a-zA-Z][\w-]*)/g), m => m[1].toLowerCase()));
        expect([...tags].filter(tag => !['h1', 'h2', 'p', 'em', 'strong', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag))).toEqual([]);
        // The fence is a quadrant chart Mermaid parses and draws, every point labelled.
        const [chart] = mermaidBlocks(result.stdout);
        expect(await (await mermaid()).parse(chart)).toMatchObject({ diagramType: 'quadrantChart' });
        const drawn = await drawMermaid(chart);
        for (const label of ['Quick wins', 'Big bets', 'Money pits', 'Fill-ins', 'Guest checkout', 'Call back instead of queueing', 'Ask for bank details with the first pay…']) {
            expect(drawn).toContain(label);
        }
        // Done opportunities are in the table, not in the chart.
        expect(drawn).not.toContain("Add a 'question about my bill' option");
    }, 120_000);

    test('--format json is the same overview, valid against docs/report.schema.json', async () => {
        const dir = tempCopy('examples');
        const result = await cjm(['report', 'examples', '-f', 'json'], dir);
        expect(result.code, result.stderr).toBe(0);
        const overview = JSON.parse(result.stdout) as WorkspaceOverview;
        expect(validate(overview), JSON.stringify(validate.errors)).toBe(true);
        expect(overview.tree.map(node => [node.journey, node.children.map(child => child.journey)])).toEqual([['lifecycle', ['checkout', 'school-shoes', 'onboarding', 'billing-support']]]);
        expect(overview.journeys.map(j => j.file)).toEqual(['examples/billing-support.cjm', 'examples/checkout.cjm', 'examples/lifecycle.cjm', 'examples/onboarding.cjm', 'examples/school-shoes.cjm']);
        expect(overview.today).toBe('2026-12-01');
    });

    test('the schema rejects what the report never writes, so the test above can fail', () => {
        expect(validate({ version: 1, today: '2026-12-01', journeys: [{ id: 'j' }], tree: [], totals: {}, portfolio: [], insights: [], metrics: [] })).toBe(false);
        expect(validate({ version: 2, today: 'soon', journeys: [], tree: [], portfolio: [], insights: [], metrics: [] })).toBe(false);
    });

    test('--format html -o OUT writes one page, atomically, that draws the chart in Chromium with nothing blocked or requested', async () => {
        const dir = tempCopy('examples');
        const result = await cjm(['report', 'examples', '-f', 'html', '-o', 'overview.html'], dir);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toBe('');
        expect(readdirSync(dir).filter(name => name.endsWith('.tmp'))).toEqual([]);
        const { page, problems } = await watchedPage();
        await page.goto(pathToFileURL(join(dir, 'overview.html')).href);
        await page.waitForSelector('body[data-rendered="true"]', { timeout: 60_000 });
        expect(await page.locator('#cjm-overview-portfolio svg').count()).toBe(1);
        const tree = await page.locator('table.cjm-journeys tbody tr.cjm-journey-row th').allTextContents();
        expect(tree).toEqual(['Customer lifecycle', '↳ Online checkout', '↳ Buying school shoes together', '↳ Invoicing app onboarding', '↳ Fixing a billing mistake']);
        const row = page.locator('tr.cjm-journey-row[data-cjm-journey="checkout"]');
        expect(await row.getAttribute('data-uri')).toBe(pathToFileURL(join(dir, 'examples/checkout.cjm')).href);
        expect(await row.getAttribute('data-range')).toMatch(/^\d+:\d+-\d+:\d+$/);
        expect(await page.locator('table.cjm-insights .cjm-unused').count()).toBe(1);
        expect(problems).toEqual([]);
        await page.close();
    }, 120_000);
});

describe('the CLI\'s rules', () => {
    test('paths as for cjm check: a file, its workspace linked; .cjmignore; --no-ignore', async () => {
        const dir = tempCopy('examples');
        writeFiles(dir, { '.cjmignore': 'examples/billing-support.cjm\n' });
        const one = await cjm(['report', 'examples/lifecycle.cjm', '-f', 'json'], dir);
        expect(one.code, one.stderr).toBe(0);
        const overview = JSON.parse(one.stdout) as WorkspaceOverview;
        // The report covers the file asked for: its row names the subjourneys it links to, and the tree holds it alone.
        expect(overview.journeys.map(j => j.id)).toEqual(['lifecycle']);
        expect(overview.journeys[0].subjourneys).toEqual(['checkout', 'school-shoes', 'onboarding', 'billing-support']);
        expect(overview.tree).toEqual([{ journey: 'lifecycle', children: [] }]);
        const ignored = await cjm(['report', 'examples', '-f', 'json'], dir);
        expect((JSON.parse(ignored.stdout) as WorkspaceOverview).journeys.map(j => j.id)).not.toContain('billing-support');
        const all = await cjm(['report', 'examples', '--no-ignore', '-f', 'json'], dir);
        expect((JSON.parse(all.stdout) as WorkspaceOverview).journeys.map(j => j.id)).toContain('billing-support');
        const named = await cjm(['report', 'examples/billing-support.cjm', 'examples/lifecycle.cjm', '-f', 'json'], dir);
        expect(named.stderr).toBe('cjm: warning: examples/billing-support.cjm is ignored by .cjmignore (examples/billing-support.cjm); use --no-ignore to include it\n');
    });

    test('bad input gets one line and exit 2: no such path, a bad CJM_TODAY, an output folder that does not exist, an unknown format', async () => {
        const dir = tempCopy('examples');
        expectUsageError(await cjm(['report', 'nowhere'], dir), /nowhere/);
        expectUsageError(await cjm(['report', 'examples'], dir, { CJM_TODAY: 'soon' }), /^cjm: CJM_TODAY must be a date written YYYY-MM-DD .*not 'soon'$/);
        expectUsageError(await cjm(['report', 'examples'], dir, { CJM_TODAY: '2026-02-30' }), /CJM_TODAY/);
        expectUsageError(await cjm(['report', 'examples', '-o', 'missing/overview.md'], dir), /output folder does not exist: missing/);
        expectUsageError(await cjm(['report', 'examples', '-f', 'pdf'], dir), /pdf/);
        expect(existsSync(join(dir, 'missing'))).toBe(false);
    });

    test('a map that does not parse is reported as far as it goes, its first syntax error on stderr, exit 1', async () => {
        const dir = tempCopy();
        writeFiles(dir, { 'broken.cjm': 'journey a "A" {\n  stage s { subjourney b touchpoint t { feels happy\n}\njourney b "B" { }\n' });
        const result = await cjm(['report', '.', '-f', 'json'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^broken\.cjm:\d+:\d+ error parse-error .+\n$/);
        expect(validate(JSON.parse(result.stdout))).toBe(true);
    });

    test('on a terminal, progress shows the reading and building; off a terminal, nothing but the report', async () => {
        const dir = tempCopy('examples');
        const { code, output } = await cjmOnTerminal(['report', 'examples', '-o', 'overview.md'], dir);
        expect(code).toBe(0);
        const frames = output.replace(/\r\n/g, '\n').split('\r');
        expect(frames.some(frame => /^reading [1-7]\/7 examples\/[\w-]+\.cjm *$/.test(frame)), JSON.stringify(frames)).toBe(true);
        expect(frames.some(frame => /^validating [1-7]\/7 /.test(frame))).toBe(true);
        expect(readFileSync(join(dir, 'overview.md'), 'utf8')).toMatch(/^# Workspace overview\n/);
        expect((await cjm(['report', 'examples', '-o', 'again.md'], dir)).stderr).toBe('');
    });
});

describe('the hostile corpus through cjm report', () => {
    let dir: string;
    let strings: HostileString[];

    beforeAll(() => {
        strings = hostileStrings(beacon.origin);
        dir = tempCopy();
        writeFileSync(join(dir, 'every-position.cjm'), withBeacon(hostileMapText(), beacon.origin));
    });

    test('Markdown: every string the report shows reads as typed through markdown-it, no raw HTML, nothing else shown', async () => {
        const result = await cjm(['report', '.'], dir);
        expect(result.code, result.stderr).toBe(0);
        const html = markdown.render(result.stdout);
        // The only HTML is the renderer's own line breaks inside table cells.
        const tags = new Set(Array.from(html.matchAll(/<\/?([a-zA-Z][\w-]*)/g), m => m[1].toLowerCase()));
        expect([...tags].filter(tag => !['h1', 'h2', 'p', 'em', 'strong', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br'].includes(tag))).toEqual([]);
        const text = html.replace(/<pre><code class="language-mermaid">[\s\S]*?<\/pre>/g, '').replace(/<[^>]+>/g, ' ')
            .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
        expect(literalProblems(text, strings, SHOWN_ON.report, shownBy('report').absent)).toEqual([]);
        const [chart] = mermaidBlocks(result.stdout);
        const drawn = asRead(await drawMermaid(chart));
        const labels = strings.filter(s => s.occurrence === 'opportunity-text').map(s => asRead(shortenLabel(s.text)));
        expect(labels.filter(label => !drawn.includes(label))).toEqual([]);
        expect(beacon.hits).toEqual([]);
    }, 180_000);

    test('HTML: the page shows every string literally in Chromium, runs nothing and requests nothing', async () => {
        const result = await cjm(['report', '.', '-f', 'html', '-o', 'report.html'], dir);
        expect(result.code, result.stderr).toBe(0);
        const { page, problems } = await watchedPage();
        await page.goto(pathToFileURL(join(dir, 'report.html')).href);
        await page.waitForSelector('body[data-rendered="true"]', { timeout: 60_000 });
        const drawn = await page.evaluate(() => ({
            tables: Array.from(document.querySelectorAll('table'), table => (table as HTMLElement).innerText).join('\n'),
            chart: Array.from(document.querySelectorAll('#cjm-overview-portfolio svg :is(text, tspan)')).filter(e => !e.querySelector('tspan')).map(e => e.textContent).join('\n'),
            injected: document.querySelectorAll('body :is(script:not([nonce]):not([type="application/json"]), iframe, img, object, embed, form, a, link, meta[http-equiv="refresh"])').length,
            pwned: (window as unknown as { __pwned?: unknown }).__pwned
        }));
        expect(literalProblems(drawn.tables, strings, SHOWN_ON.report, [])).toEqual([]);
        const labels = strings.filter(s => s.occurrence === 'opportunity-text').map(s => asRead(shortenLabel(s.text)));
        expect(labels.filter(label => !asRead(drawn.chart).includes(label))).toEqual([]);
        expect({ injected: drawn.injected, pwned: drawn.pwned }).toEqual({ injected: 0, pwned: undefined });
        expect(literalProblems(readFileSync(join(dir, 'report.html'), 'utf8'), strings, [], shownBy('report').absent)).toEqual([]);
        expect(problems).toEqual([]);
        expect(beacon.hits).toEqual([]);
        await page.close();
    }, 180_000);

    test('JSON: valid against the schema, every string as written', async () => {
        const result = await cjm(['report', '.', '-f', 'json'], dir);
        const overview = JSON.parse(result.stdout) as WorkspaceOverview;
        expect(validate(overview), JSON.stringify(validate.errors)).toBe(true);
        expect(overview.portfolio.map(o => o.text).sort()).toEqual(strings.filter(s => s.occurrence === 'opportunity-text').map(s => s.text).sort());
    });
});
