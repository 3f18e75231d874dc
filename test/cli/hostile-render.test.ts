/**
 * The hostile corpus (every payload in every string position, test/support/hostile-corpus.ts)
 * through `cjm render --format html|md|svg|png|pdf` and `cjm diff`, each output opened as its reader
 * opens it: the HTML page and the SVG files in Chromium, the Markdown through markdown-it, the PDF's
 * text through poppler's pdftotext. No script
 * runs, no dialog opens, nothing reaches the network (a local beacon stands in for the attacker's
 * server and the payloads load from it), no CSP violation, and each string reads as it was typed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRenderModel, emotionCurve, hasPortfolio, journeyDiagram, journeyPortfolio, portfolioDiagram, serviceBlueprint, stageFlow, type RenderJourney } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import type { Beacon, HostileString } from '../support/hostile-corpus.js';
import { asRead, hostileMapText, hostileStrings, journeyId, literalProblems, OCCURRENCES, PAYLOADS, SHOWN_ON, shownBy, startBeacon, withBeacon } from '../support/hostile-corpus.js';
import { cjm, recordPageProblems, tempCopy } from './cli-harness.js';

const MAP = 'every-position.cjm';
// Every journey of the corpus has blueprint lines, so every one has its service blueprint.
const DIAGRAMS = ['journey', 'emotion', 'flow', 'blueprint'] as const;
/**
 * A journey's opportunity portfolio (its quadrant chart) follows the four: its labels are shortened
 * to fit the chart, so it is compared with the text the renderer makes here, and read literally in
 * Chromium by the overview's hostile test (test/browser/overview.test.ts), which draws the same chart.
 */
const isPortfolioFence = (content: string) => /^(---\n[\s\S]*?\n---\n)?quadrantChart\b/.test(content);
const CHROMIUM = '/usr/bin/chromium';

let beacon: Beacon;
let browser: Browser;
let dir: string;
let strings: HostileString[];
let journeys: RenderJourney[];

beforeAll(async () => {
    beacon = await startBeacon();
    strings = hostileStrings(beacon.origin);
    dir = tempCopy();
    writeFileSync(join(dir, MAP), withBeacon(hostileMapText(), beacon.origin));
    const [document] = await createNodeCjmWorkspace().load([{ uri: join(dir, MAP), text: readFileSync(join(dir, MAP), 'utf8') }]);
    journeys = buildRenderModel(document).journeys;
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    // The beacon is reachable from this Chromium, so a silent beacon below means nothing was requested.
    const control = await browser.newPage();
    // setContent waits for the load event, which waits for the image.
    await control.setContent(`<img src="${beacon.origin}/control">`);
    expect(beacon.hits).toContain('GET /control');
    await control.close();
    beacon.hits.length = 0;
});

afterAll(async () => {
    await browser?.close();
    await beacon?.close();
});

/** A page that records everything a drawing must not do. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = recordPageProblems(page);
    await page.addInitScript({ content: PAGE_HELPERS });
    return { page, problems };
}

/** The strings of one payload's journey. */
function stringsOf(journey: string): HostileString[] {
    return strings.filter(s => journeyId(s.payload) === journey);
}

/**
 * Helpers the pages get before any of their own script (init scripts are not subject to the page's
 * CSP, which forbids the eval a function passed in would need): the leaf text of an SVG as drawn (a
 * <text> holding <tspan>s would count its words twice), and the active content inside drawn SVG —
 * elements that run, load or link, markup inside a foreignObject label other than the text boxes
 * Mermaid writes, handler attributes, and references outside the SVG.
 */
const PAGE_HELPERS = `
window.__cjmSvgText = svg => Array.from(svg ? svg.querySelectorAll('text, tspan, foreignObject') : [])
    .filter(e => !e.querySelector('tspan') && !(e.parentElement && e.parentElement.closest('foreignObject')))
    .map(e => e.textContent || '').join('\\n');
window.__cjmSvgActive = root => Array.from(root.querySelectorAll('svg *'))
    .filter(e => ['script', 'a', 'image', 'iframe', 'object', 'embed', 'img', 'use'].includes(e.localName.toLowerCase())
        || (e.parentElement && e.parentElement.closest('foreignObject') && !['div', 'span', 'p'].includes(e.localName))
        || Array.from(e.attributes).some(a => /^on/i.test(a.name) || /javascript:/i.test(a.value) || (/(^|:)href$|^src$/i.test(a.name) && !a.value.startsWith('#'))))
    .map(e => e.outerHTML.slice(0, 120));
document.addEventListener('securitypolicyviolation', event => console.error('CSP violation: ' + event.effectiveDirective + ' ' + event.blockedURI));
`;

/** The helpers as the page has them. */
interface PageHelpers {
    __cjmSvgText(svg: Element | null): string;
    __cjmSvgActive(root: ParentNode): string[];
    __pwned?: unknown;
}

describe('cjm render --format html: the hostile corpus in Chromium', () => {
    test('draws every journey and grid, runs nothing, loads nothing, and shows every string literally', async () => {
        const result = await cjm(['render', MAP, '-f', 'html', '-o', 'page.html'], dir);
        expect(result.code, result.stderr).toBe(0);
        const html = readFileSync(join(dir, 'page.html'), 'utf8');
        const { page, problems } = await watchedPage();
        await page.goto(pathToFileURL(join(dir, 'page.html')).href);
        await page.locator('body[data-rendered="true"]').waitFor({ state: 'attached', timeout: 240_000 });
        const drawn = await page.evaluate(() => {
            const helpers = window as unknown as PageHelpers;
            const text = (svg: Element | null) => helpers.__cjmSvgText(svg);
            // The renderer's own elements (`code` holds a journey's owner, a team's name).
            const written = new Set(['section', 'h1', 'p', 'ul', 'li', 'span', 'figure', 'figcaption', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'code']);
            return {
                title: document.title,
                pwned: helpers.__pwned,
                injected: Array.from(document.body.querySelectorAll('*'))
                    .filter(e => !e.closest('svg') && !written.has(e.localName) && !(e.localName === 'script' && e.parentElement === document.body))
                    .map(e => e.localName),
                active: helpers.__cjmSvgActive(document),
                journeys: Array.from(document.querySelectorAll('section.cjm-journey'), section => ({
                    id: (section as HTMLElement).dataset.id!,
                    prose: Array.from(section.querySelectorAll(':scope > h1, :scope > p, :scope > ul'), e => e.textContent).join('\n'),
                    grid: section.querySelector('table.cjm-grid')?.textContent ?? '',
                    svgs: section.querySelectorAll('.cjm-diagram-canvas > svg').length,
                    failed: Array.from(section.querySelectorAll('.cjm-diagram-canvas')).filter(c => !c.querySelector('svg')).map(c => c.textContent),
                    journey: text(section.querySelector('[id$="-journey"] > svg')),
                    emotion: text(section.querySelector('[id$="-emotion"] > svg')),
                    flow: text(section.querySelector('[id$="-flow"] > svg')),
                    blueprint: text(section.querySelector('[id$="-blueprint"] > svg')),
                    portfolio: section.querySelector('[id$="-portfolio"]') !== null
                }))
            };
        });
        await page.close();

        expect(problems).toEqual([]);
        expect(beacon.hits).toEqual([]);
        expect(drawn.pwned).toBeUndefined();
        expect(drawn.injected).toEqual([]);
        expect(drawn.active).toEqual([]);
        expect(drawn.journeys.map(j => j.id)).toEqual(PAYLOADS.map((_, i) => journeyId(i + 1)));
        for (const journey of drawn.journeys) {
            const own = stringsOf(journey.id);
            // The four diagrams, and the opportunity portfolio where the journey rates its opportunities.
            expect({ id: journey.id, svgs: journey.svgs, failed: journey.failed }).toEqual({ id: journey.id, svgs: DIAGRAMS.length + (journey.portfolio ? 1 : 0), failed: [] });
            expect(literalProblems(journey.prose, own, SHOWN_ON.htmlProse, []), `${journey.id} prose`).toEqual([]);
            expect(literalProblems(journey.grid, own, SHOWN_ON.grid, []), `${journey.id} grid`).toEqual([]);
            for (const diagram of DIAGRAMS) {
                expect(literalProblems(journey[diagram], own, SHOWN_ON[diagram], []), `${journey.id} ${diagram}`).toEqual([]);
            }
        }
        expect(literalProblems(drawn.title, strings, ['journey-title'], []), 'the page title').toEqual([]);
        // What the page does not show is not in it at all (so a newly drawn field must be listed in SHOWN_ON).
        expect(literalProblems(html, strings, [], shownBy('html').absent)).toEqual([]);
    }, 300_000);

    test('the page\'s CSP stops what escaping might let through: script, handlers, loads, frames, styles', async () => {
        const result = await cjm(['render', MAP, '-f', 'html', '-o', 'page.html'], dir);
        expect(result.code, result.stderr).toBe(0);
        const { page, problems } = await watchedPage();
        await page.goto(pathToFileURL(join(dir, 'page.html')).href);
        await page.locator('body[data-rendered="true"]').waitFor({ state: 'attached', timeout: 240_000 });
        // As if a renderer wrote user text unescaped: markup that would run, load and restyle.
        await page.evaluate(origin => {
            const holder = document.createElement('div');
            holder.innerHTML = `<img src="${origin}/csp/img" onerror="window.__pwned='handler'"><iframe src="${origin}/csp/frame"></iframe>`
                + `<link rel="stylesheet" href="${origin}/csp/css"><style>@import url("${origin}/csp/import"); body { background: url("${origin}/csp/bg") }</style>`
                + `<object data="${origin}/csp/object"></object>`;
            document.body.append(holder);
            const script = document.createElement('script');
            script.textContent = 'window.__pwned = "inline script"';
            document.body.append(script);
            const external = document.createElement('script');
            external.src = `${origin}/csp/script`;
            document.body.append(external);
        }, beacon.origin);
        const violated = () => new Set(problems.filter(p => p.startsWith('console: CSP violation: ')).map(p => p.split(' ')[3]));
        const directives = ['script-src-attr', 'script-src-elem', 'img-src', 'style-src-elem', 'frame-src', 'object-src'];
        await expect.poll(() => directives.filter(d => !violated().has(d))).toEqual([]);
        expect(await page.evaluate(() => (window as unknown as PageHelpers).__pwned)).toBeUndefined();
        await page.close();
        // Chromium reports a blocked load as a request, and its own console line; the beacon says what left the browser.
        expect(beacon.hits).toEqual([]);
        const unexpected = problems.filter(p => !p.startsWith('console: CSP violation: ') && !p.includes('violates the following Content Security Policy')
            && !p.startsWith(`request: ${beacon.origin}/csp/`) && p !== 'frame: chrome-error://chromewebdata/');
        expect(unexpected).toEqual([]);
    }, 300_000);

    // Found by this test (the page's CSP had no form-action, which default-src does not cover): a
    // form that escaping let through must not send what the reader types to another site.
    test('the page\'s CSP stops a form from submitting to another site (form-action \'none\')', async () => {
        const result = await cjm(['render', MAP, '-f', 'html', '-o', 'page.html'], dir);
        expect(result.code, result.stderr).toBe(0);
        const { page, problems } = await watchedPage();
        await page.goto(pathToFileURL(join(dir, 'page.html')).href);
        await page.locator('body[data-rendered="true"]').waitFor({ state: 'attached', timeout: 240_000 });
        const before = beacon.hits.length;
        await page.evaluate(origin => {
            const form = document.createElement('form');
            form.action = `${origin}/csp/form`;
            form.method = 'get';
            document.body.append(form);
            form.submit();
        }, beacon.origin);
        // Either the form reaches the beacon or the CSP reports blocking it.
        await expect.poll(() => beacon.hits.length > before || problems.some(p => p.startsWith('console: CSP violation: form-action')), { timeout: 60_000 }).toBe(true);
        const sent = beacon.hits.slice(before);
        beacon.hits.length = before;
        await page.close();
        expect(sent).toEqual([]);
    }, 300_000);
});

/** markdown-it as GitHub reads Markdown: raw HTML allowed (GitHub then sanitises it, but ours has none to sanitise). */
const markdown = new MarkdownIt({ html: true });

/** Text of rendered HTML: tags gone, line breaks as spaces, entities decoded once. */
function textOfHtml(html: string): string {
    const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&', '&#39;': "'" };
    return html.replace(/<br\s*\/?>/g, ' ').replace(/<[^>]+>/g, '').replace(/&(lt|gt|quot|amp|#39);/g, e => entities[e]);
}


/** The rendered Markdown of each journey: its prose (no code blocks) as text, and its fences (one per diagram). */
async function renderedMarkdown(): Promise<{ source: string; journeys: Array<{ id: string; prose: string; fences: string[] }> }> {
    const result = await cjm(['render', MAP, '-f', 'md'], dir);
    expect(result.code, result.stderr).toBe(0);
    const fences = markdown.parse(result.stdout, {}).filter(t => t.type === 'fence').map(t => t.content).filter(content => !isPortfolioFence(content));
    const parts = markdown.render(result.stdout).split(/(?=<h1>)/);
    expect(parts).toHaveLength(journeys.length);
    return {
        source: result.stdout,
        journeys: parts.map((part, i) => ({
            id: journeyId(i + 1),
            prose: textOfHtml(part.replace(/<pre><code class="language-mermaid">[\s\S]*?<\/pre>/g, '')),
            fences: fences.slice(DIAGRAMS.length * i, DIAGRAMS.length * (i + 1))
        }))
    };
}

/**
 * What is left of a journey's prose when the strings it shows are taken out (read with asRead): the
 * renderer's own words, which hold no Markdown syntax. A `**` here is bold that did not take.
 */
function proseWithoutUserText(prose: string, journey: string): string {
    const own = stringsOf(journey).filter(s => SHOWN_ON.markdownProse.includes(s.occurrence)).map(s => asRead(s.text)).sort((a, b) => b.length - a.length);
    return own.reduce((rest, text) => rest.replaceAll(text, ' '), asRead(prose));
}

describe('cjm render --format md: the hostile corpus through markdown-it', () => {
    test('no raw HTML survives and every Mermaid fence is intact', async () => {
        const result = await cjm(['render', MAP, '-f', 'md'], dir);
        expect(result.code, result.stderr).toBe(0);
        const tokens = markdown.parse(result.stdout, {});
        // The only HTML is the renderer's own line breaks inside table cells.
        const html = tokens.flatMap(t => [t, ...(t.children ?? [])]).filter(t => t.type === 'html_inline' || t.type === 'html_block').map(t => t.content);
        expect(html.filter(tag => tag !== '<br>')).toEqual([]);
        const fences = tokens.filter(t => t.type === 'fence');
        const portfolio = (j: RenderJourney) => hasPortfolio(j) ? [portfolioDiagram(journeyPortfolio(j))] : [];
        expect(journeys.some(j => hasPortfolio(j))).toBe(true);
        expect(fences.map(t => t.info)).toEqual(journeys.flatMap(j => [...DIAGRAMS, ...portfolio(j)].map(() => 'mermaid')));
        expect(fences.map(t => t.content)).toEqual(journeys.flatMap(j => [journeyDiagram(j), emotionCurve(j), stageFlow(j), serviceBlueprint(j), ...portfolio(j)]));
        const rendered = markdown.render(result.stdout);
        const tags = new Set(Array.from(rendered.matchAll(/<\/?([a-zA-Z][\w-]*)/g), m => m[1].toLowerCase()));
        expect([...tags].filter(tag => !['h1', 'h2', 'p', 'ul', 'li', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br'].includes(tag))).toEqual([]);
        expect(rendered).not.toMatch(/<(a|img)\s/);
        // What the Markdown does not show is not in it at all (so a newly drawn field must be listed in SHOWN_ON).
        expect(literalProblems(result.stdout, strings, [], shownBy('markdown').absent)).toEqual([]);
    });

    test('every string reads as typed, in the prose and tables and in the fences', async () => {
        const { journeys: rendered } = await renderedMarkdown();
        for (const journey of rendered) {
            const own = stringsOf(journey.id);
            expect(literalProblems(journey.prose, own, SHOWN_ON.markdownProse, []), `${journey.id} prose`).toEqual([]);
            journey.fences.forEach((fence, i) => {
                expect(literalProblems(fence, own, SHOWN_ON[DIAGRAMS[i]], []), `${journey.id} ${DIAGRAMS[i]} fence`).toEqual([]);
            });
            expect(proseWithoutUserText(journey.prose, journey.id), journey.id).not.toMatch(/[*\\`]|__/);
        }
    });

    // Found by this test (escapeMarkdownText kept leading whitespace): a description that starts
    // with four spaces must be no indented code block (where `\#12` shows its backslash), and a
    // title that starts or ends with a space must keep the renderer's `**…**` bold. Payload p11.
    test('text that starts with spaces is no code block and keeps the renderer\'s bold around it', async () => {
        const { journeys: rendered } = await renderedMarkdown();
        const p11 = rendered[10];
        expect(literalProblems(p11.prose, stringsOf(p11.id), SHOWN_ON.markdownProse, [])).toEqual([]);
        expect(proseWithoutUserText(p11.prose, p11.id)).not.toMatch(/[*\\`]|__/);
    });

    // Found by this test (escapeMarkdownText left URLs alone): GitHub, like markdown-it's linkify,
    // turns a bare http:// or www. address, a domain or an e-mail into a link; user text is never one.
    test('a URL in user text is not turned into a link by GFM autolinking (linkify)', async () => {
        const result = await cjm(['render', MAP, '-f', 'md'], dir);
        const rendered = new MarkdownIt({ html: true, linkify: true }).render(result.stdout);
        expect(rendered).not.toMatch(/<a\s/);
    });
});

/** Runs `task` over `items`, `width` at a time (each CLI run of svg starts its own Chromium). */
async function pool<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
    const queue = [...items];
    await Promise.all(Array.from({ length: width }, async () => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
            await task(item);
        }
    }));
}

describe('cjm render --format svg and png: the hostile corpus drawn by the CLI\'s Chromium', () => {
    test('every diagram of every journey: the CLI loads nothing; the SVG file runs and loads nothing and reads as typed', async () => {
        const runs = journeys.flatMap(j => DIAGRAMS.map(diagram => ({ journey: j.id, diagram, file: `${j.id}-${diagram}.svg` })));
        await pool(runs, 2, async run => {
            const result = await cjm(['render', MAP, '-f', 'svg', '--journey', run.journey, '--diagram', run.diagram, '-o', run.file], dir, { CJM_BROWSER: CHROMIUM });
            expect(result.code, `${run.file}: ${result.stderr}`).toBe(0);
        });
        expect(beacon.hits, 'requests made while the CLI drew').toEqual([]);
        for (const run of runs) {
            const svg = readFileSync(join(dir, run.file), 'utf8');
            const { page, problems } = await watchedPage();
            // Opened on its own, as a browser opens a downloaded .svg: an SVG document runs its scripts.
            await page.goto(pathToFileURL(join(dir, run.file)).href);
            const drawn = await page.evaluate(() => {
                const helpers = window as unknown as PageHelpers;
                return { text: helpers.__cjmSvgText(document.documentElement), active: helpers.__cjmSvgActive(document), pwned: helpers.__pwned };
            });
            await page.close();
            const label = run.file;
            expect(problems, label).toEqual([]);
            expect(drawn.active, label).toEqual([]);
            expect(drawn.pwned, label).toBeUndefined();
            const absent = OCCURRENCES.filter(o => !SHOWN_ON[run.diagram].includes(o));
            expect(literalProblems(drawn.text, stringsOf(run.journey), SHOWN_ON[run.diagram], []), label).toEqual([]);
            expect(literalProblems(svg, strings, [], absent), label).toEqual([]);
        }
        expect(beacon.hits).toEqual([]);
    }, 1_200_000);

    test('png of the whole page: drawn without a request', async () => {
        const result = await cjm(['render', MAP, '-f', 'png', '-o', 'page.png'], dir, { CJM_BROWSER: CHROMIUM });
        expect(result.code, result.stderr).toBe(0);
        expect([...readFileSync(join(dir, 'page.png')).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
        expect(beacon.hits).toEqual([]);
    }, 300_000);
});

describe('cjm render --format pdf: the hostile corpus printed by headless Chromium', () => {
    test('printing runs and loads nothing, and the PDF\'s text reads as typed', async () => {
        const result = await cjm(['render', MAP, '-f', 'pdf', '-o', 'map.pdf'], dir, { CJM_BROWSER: CHROMIUM });
        expect(result.code, result.stderr).toBe(0);
        // A payload that ran would have loaded from the beacon, or opened a dialog that stops the print.
        expect(beacon.hits).toEqual([]);
        const text = execFileSync('pdftotext', ['-raw', join(dir, 'map.pdf'), '-'], { encoding: 'utf8' });
        const { shown, absent } = shownBy('html');
        // PDF text is in visual order without invisible characters, so payload 11's right-to-left
        // override and zero-width characters cannot read back as typed: its strings must be there.
        // Mermaid breaks a long edge label (a scenario's title) inside words, and PDF text interleaves
        // those lines with the drawing's: the HTML page test reads them from the drawing instead.
        const readable = strings.filter(s => s.payload !== 11 && s.occurrence !== 'scenario-title');
        expect(literalProblems(text, readable, shown, absent)).toEqual([]);
        const p11 = strings.filter(s => s.payload === 11 && shown.includes(s.occurrence) && s.occurrence !== 'scenario-title');
        // A code (`p11-metric-period-touchpoint`) may wrap after one of its hyphens in a narrow grid cell.
        const unwrapped = text.replace(/-\n/g, '-');
        expect(p11.filter(s => !unwrapped.includes(s.code)).map(s => s.code)).toEqual([]);
    }, 300_000);
});

/** The comment `cjm diff` writes for adding the corpus map, in full. */
async function diffOfAddedMap(): Promise<string> {
    writeFileSync(join(dir, 'empty.txt'), '');
    const result = await cjm(['diff', '--max-length', '0', 'empty.txt', MAP], dir);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
}

/** The rendered comment's section of each added journey (`### Added journey: …`), as text, by payload. */
function diffSections(comment: string): Map<number, string> {
    const sections = markdown.render(comment).split(/(?=<h3>)/).map(textOfHtml).filter(section => section.startsWith('Added journey: '));
    return new Map(sections.map(section => [Number(/\bp(\d+)-journey-title\b/.exec(section)?.[1]), section]));
}

/** What is left of a comment section when the corpus strings it quotes are taken out: the comment's own words. */
function diffWithoutUserText(section: string): string {
    const quoted = strings.filter(s => section.includes(s.code)).map(s => asRead(s.text)).sort((a, b) => b.length - a.length);
    return quoted.reduce((rest, text) => rest.replaceAll(text, ' '), asRead(section));
}

describe('cjm diff: the hostile corpus as a pull-request comment', () => {
    test('adding the map: no raw HTML, no @-mention or #-reference, every string it quotes reads as typed', async () => {
        const comment = await diffOfAddedMap();
        const tokens = markdown.parse(comment, {});
        const html = tokens.flatMap(t => [t, ...(t.children ?? [])]).filter(t => t.type === 'html_inline' || t.type === 'html_block').map(t => t.content.trim());
        // The comment's own folding of long lists, and line breaks of escaped text.
        expect(html.filter(tag => !/^(<details><summary>[^<]*<\/summary>|<\/details>|<br>)$/.test(tag))).toEqual([]);
        const text = textOfHtml(markdown.render(comment));
        expect(text.replaceAll('\u2060', '')).toMatch(/@acme\/security/);
        expect(text).not.toMatch(/[@#][\p{L}\p{N}_]/u);
        const quoted = strings.filter(s => comment.includes(s.code));
        expect(quoted.length).toBeGreaterThan(PAYLOADS.length);
        expect(literalProblems(text, quoted, quoted.map(s => s.occurrence), [])).toEqual([]);
        const sections = diffSections(comment);
        expect([...sections.keys()]).toEqual(PAYLOADS.map((_, i) => i + 1));
        for (const [payload, section] of sections) {
            if (payload !== 11) {
                expect(diffWithoutUserText(section), `p${payload}`).not.toMatch(/[*\\`]|__/);
            }
        }
    });

    // The Markdown bug above, in the comment: `**    @acme/security …**` is no longer bold, the reader sees the asterisks.
    test('a title that starts with spaces keeps the comment\'s bold around it', async () => {
        expect(diffWithoutUserText(diffSections(await diffOfAddedMap()).get(11)!)).not.toMatch(/[*\\`]|__/);
    });
});
