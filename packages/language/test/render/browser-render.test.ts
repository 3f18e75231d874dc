import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MERMAID_LIMITS, renderHtmlPage } from '../../src/render/html-page.js';
import { EMOTION_CURVE_COLOURS, emotionCurve } from '../../src/render/mermaid/emotion-curve.js';
import { BLUEPRINT_LANES, serviceBlueprint } from '../../src/render/mermaid/service-blueprint.js';
import { stageFlow } from '../../src/render/mermaid/stage-flow.js';
import type { RenderJourney } from '../../src/render/render-model.types.js';
import type { CorpusDiagram, CorpusMap } from './render-corpus.js';
import { blueprintMapText, diagramsOf, exampleMaps, hostileMaps, modelsOf, normaliseDrawn, normaliseSource, specMaps } from './render-corpus.js';

/** Where the blueprint checks leave their pictures, to be looked at (docs/blueprint.md). */
const PICTURES = fileURLToPath(new URL('../../../../test-results/blueprint/', import.meta.url));

const MERMAID_JS = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');

/** What the page saw while drawing: anything here means escaping let markup or script through. */
interface Incidents {
    dialogs: string[];
    consoleErrors: string[];
}

let browser: Browser;
let page: Page;
const incidents: Incidents = { dialogs: [], consoleErrors: [] };
let spec: CorpusMap[];
let hostile: CorpusMap[];
let examples: CorpusMap[];

beforeAll(async () => {
    [spec, hostile, examples] = await Promise.all([specMaps(), hostileMaps(), exampleMaps()]);
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    page = await browser.newPage();
    page.on('dialog', dialog => { incidents.dialogs.push(dialog.message()); void dialog.dismiss(); });
    page.on('console', message => { if (message.type() === 'error') incidents.consoleErrors.push(message.text()); });
    page.on('pageerror', error => incidents.consoleErrors.push(String(error)));
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: MERMAID_JS });
    await page.evaluate(limits => {
        // As the HTML page and the preview: a big service blueprint has more links than Mermaid's default limit.
        (window as unknown as { mermaid: { initialize(config: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true, ...limits });
    }, MERMAID_LIMITS);
});

afterAll(async () => {
    await browser?.close();
});

/** What one diagram drew: its text as read back from the SVG, and any active content in it. */
interface Drawn {
    error?: string;
    text: string;
    activeElements: number;
    handlerAttributes: number;
}

async function draw(diagram: CorpusDiagram, index: number): Promise<Drawn> {
    return page.evaluate(async ({ text, id }) => {
        const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        try {
            const { svg } = await mermaid.render(id, text);
            const holder = document.createElement('div');
            holder.innerHTML = svg;
            document.body.append(holder);
            // Leaf text only: a <text> holding <tspan>s would count its words twice.
            const texts = Array.from(holder.querySelectorAll('text, tspan, foreignObject'))
                .filter(e => !e.querySelector('tspan') && !e.parentElement?.closest('foreignObject'))
                .map(e => e.textContent ?? '');
            const all = Array.from(holder.querySelectorAll('*'));
            return {
                text: texts.join('\n'),
                activeElements: holder.querySelectorAll('svg img, svg script, svg iframe, svg a, svg object, svg embed, svg foreignObject *:not(div):not(span):not(p)').length,
                handlerAttributes: all.filter(e => Array.from(e.attributes).some(a => /^on/i.test(a.name) || /javascript:/i.test(a.value))).length
            };
        } catch (error) {
            return { error: String((error as Error)?.message ?? error), text: '', activeElements: 0, handlerAttributes: 0 };
        }
    }, { text: diagram.text, id: `d${index}` });
}

async function expectDrawnLiterally(diagrams: CorpusDiagram[]): Promise<void> {
    for (const [i, diagram] of diagrams.entries()) {
        const drawn = await draw(diagram, i);
        expect(drawn.error, `${diagram.label}\n${diagram.text}`).toBeUndefined();
        const text = normaliseDrawn(drawn.text);
        for (const string of diagram.strings) {
            expect(text, `${diagram.label}: ${JSON.stringify(string)} not drawn literally`).toContain(normaliseSource(string));
        }
        expect(drawn.activeElements, diagram.label).toBe(0);
        expect(drawn.handlerAttributes, diagram.label).toBe(0);
    }
}

describe('Mermaid 12.3 in Chromium (securityLevel strict)', () => {
    test('draws every diagram of the spec example with its titles', async () => {
        const diagrams = diagramsOf(spec);
        expect(diagrams).toHaveLength(3);
        await expectDrawnLiterally(diagrams);
    });

    test('draws every diagram of the examples', async () => {
        await expectDrawnLiterally(diagramsOf(examples));
    });

    test('draws the actual emotion line last, on top of the expected one, in the legend colours', async () => {
        const journey = spec.find(map => map.name === 'spec/checkout.cjm')!.model.journeys[0];
        const plots = await page.evaluate(async text => {
            const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
            const holder = document.createElement('div');
            holder.innerHTML = (await mermaid.render('curve', text)).svg;
            return Array.from(holder.querySelectorAll('g.plot > g[class^="line-plot-"] > path')).map(path => ({
                stroke: path.getAttribute('stroke'),
                points: (path.getAttribute('d')?.match(/[ML]/g) ?? []).length
            }));
        }, emotionCurve(journey));
        // Later SVG elements paint over earlier ones: the actual line is the last.
        expect(plots).toEqual([{ stroke: EMOTION_CURVE_COLOURS.expected, points: 5 }, { stroke: EMOTION_CURVE_COLOURS.actual, points: 5 }]);
    });

    test('draws the hostile corpus literally and runs none of it', async () => {
        const diagrams = diagramsOf(hostile);
        expect(diagrams.length).toBeGreaterThanOrEqual(12);
        await expectDrawnLiterally(diagrams);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
        expect(incidents.dialogs).toEqual([]);
        expect(incidents.consoleErrors).toEqual([]);
    });

    // Found by the hostile corpus: Mermaid 12.3 reads `htmlLabels` at the top level of the config and
    // ignores the front matter's `flowchart: htmlLabels: false`, so where nothing else turns HTML
    // labels off (GitHub, the HTML page of `cjm render`), flowchart labels were HTML in a
    // foreignObject and only the escaping kept markup out of them. The front matter now says both. Reproduction:
    // mermaid.render of '---\nconfig:\n  flowchart:\n    htmlLabels: false\n---\nflowchart LR\n  a["<b>x</b>"]'
    // under the default config draws a <b> element; with `config:\n  htmlLabels: false` it draws text.
    test('the stage flow asks for SVG text labels in a way Mermaid honours under its defaults (GitHub, the HTML page)', async () => {
        const flows = diagramsOf(hostile).filter(d => d.kind === 'flow');
        for (const [i, flow] of flows.entries()) {
            const labels = await page.evaluate(async ({ text, id }) => {
                const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
                const holder = document.createElement('div');
                holder.innerHTML = (await mermaid.render(id, text)).svg;
                return holder.querySelectorAll('foreignObject').length;
            }, { text: flow.text, id: `fo${i}` });
            expect(labels, flow.label).toBe(0);
        }
        expect(stageFlow(hostile[0].model.journeys[0])).toContain('htmlLabels: false');
    });
});

/** Where the blueprint put each lane and each node: boxes in page pixels. */
interface BlueprintLayout {
    lanes: Array<{ id: string; top: number; bottom: number; label: string }>;
    nodes: Array<{ id: string; left: number; right: number; top: number; bottom: number; text: string }>;
}

/** Draws a journey's blueprint into the page, screenshots it into PICTURES, and reads its layout back. */
async function drawBlueprint(journey: RenderJourney, picture: string): Promise<BlueprintLayout> {
    const layout = await page.evaluate(async text => {
        const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        document.body.replaceChildren();
        const holder = document.createElement('div');
        holder.id = 'blueprint';
        holder.innerHTML = (await mermaid.render('blueprint-svg', text)).svg;
        document.body.append(holder);
        const svg = holder.querySelector('svg')!;
        // At its natural size, so the screenshot shows what a reader sees at 1:1.
        svg.style.maxWidth = 'none';
        svg.setAttribute('width', String(svg.viewBox.baseVal.width));
        const box = (e: Element) => e.getBoundingClientRect();
        return {
            lanes: Array.from(svg.querySelectorAll('g.cluster.swimlane')).map(lane => ({
                id: lane.getAttribute('data-id') ?? '', top: box(lane.querySelector('rect')!).top, bottom: box(lane.querySelector('rect')!).bottom,
                label: lane.querySelector('.cluster-label')?.textContent ?? ''
            })),
            nodes: Array.from(svg.querySelectorAll('g.node')).map(node => ({
                id: node.id.replace(/^.*?-flowchart-/, '').replace(/-\d+$/, ''), left: box(node).left, right: box(node).right, top: box(node).top, bottom: box(node).bottom,
                text: node.textContent ?? ''
            }))
        };
    }, serviceBlueprint(journey));
    mkdirSync(PICTURES, { recursive: true });
    await page.locator('#blueprint svg').screenshot({ path: `${PICTURES}${picture}.png` });
    return layout;
}

/** The checks of §8.1 on a drawn blueprint: lanes in order, a column per touchpoint, stages over their first column, nothing overlapping. */
function expectFaithfulBlueprint(journey: RenderJourney, layout: BlueprintLayout): void {
    const touchpoints = journey.stages.flatMap(s => s.touchpoints);
    const lanes = [...layout.lanes].sort((a, b) => a.top - b.top);
    expect(lanes.map(l => l.id)).toEqual(Object.keys(BLUEPRINT_LANES).map(key => `lane_${key}`));
    expect(lanes.map(l => normaliseDrawn(l.label))).toEqual(Object.values(BLUEPRINT_LANES).map(normaliseSource));
    const laneOf = (id: string) => lanes.find(l => l.id === id)!;
    const middle = (n: { left: number; right: number }) => (n.left + n.right) / 2;
    const columns = touchpoints.map((_, i) => layout.nodes.filter(n => n.id.startsWith(`c${String(i + 1).padStart(4, '0')}_`)));
    const laneKeys: Record<string, keyof typeof BLUEPRINT_LANES> = { action: 'actions', evidence: 'evidence', front: 'frontstage', back: 'backstage', support: 'support' };
    columns.forEach((nodes, i) => {
        const context = `column ${i + 1} (${touchpoints[i].id})`;
        expect(nodes.some(n => n.id.endsWith('_action')), context).toBe(true);
        // One column: every node of the touchpoint centred on its action.
        const x = middle(nodes.find(n => n.id.endsWith('_action'))!);
        for (const node of nodes) {
            expect(Math.abs(middle(node) - x), `${context}: ${node.id}`).toBeLessThan(1);
            const lane = laneOf(`lane_${laneKeys[node.id.slice(node.id.indexOf('_') + 1)]}`);
            expect(node.top >= lane.top && node.bottom <= lane.bottom, `${context}: ${node.id} inside its lane`).toBe(true);
        }
        // Journey order, left to right.
        if (i > 0) {
            expect(x, context).toBeGreaterThan(middle(columns[i - 1].find(n => n.id.endsWith('_action'))!));
        }
    });
    let first = 0;
    journey.stages.forEach((stage, index) => {
        if (stage.touchpoints.length === 0) {
            return;
        }
        const header = layout.nodes.find(n => n.id === `s${String(index + 1).padStart(4, '0')}_stage`)!;
        expect(normaliseDrawn(header.text)).toBe(normaliseSource(stage.title));
        expect(Math.abs(middle(header) - middle(columns[first][0]))).toBeLessThan(1);
        first += stage.touchpoints.length;
    });
    // The line of visibility: a band between Frontstage and Backstage, labelled, with its text inside it.
    const band = laneOf('lane_visibility');
    expect(band.top).toBeGreaterThanOrEqual(laneOf('lane_frontstage').bottom - 1);
    expect(band.bottom).toBeLessThanOrEqual(laneOf('lane_backstage').top + 1);
    const label = layout.nodes.find(n => n.id === 'visibility')!;
    expect(label.top >= band.top && label.bottom <= band.bottom).toBe(true);
    // No two nodes overlap, so no text lies over another.
    const boxes = layout.nodes.filter(n => n.right - n.left > 20);
    for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
            const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
            expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
        }
    }
}

describe('the service blueprint (swimlane-beta) in Chromium', () => {
    test('the billing-support example: lanes top to bottom, a column per touchpoint, the stages over them, a labelled line of visibility', async () => {
        const journey = examples.flatMap(map => map.model.journeys).find(j => j.id === 'billing-support')!;
        expectFaithfulBlueprint(journey, await drawBlueprint(journey, 'billing-support'));
    });

    test('40 touchpoints with every mix of lanes stay in their columns, in journey order', async () => {
        const [{ model }] = await modelsOf('generated', { 'many.cjm': blueprintMapText(40) });
        const journey = model.journeys[0];
        expect(journey.stages.flatMap(s => s.touchpoints)).toHaveLength(40);
        expectFaithfulBlueprint(journey, await drawBlueprint(journey, 'forty-touchpoints'));
    });
});

describe('renderHtmlPage in Chromium', () => {
    /** Loads a page in a fresh tab, waits for its diagrams, and reports what went wrong. */
    async function openPage(html: string) {
        const tab = await browser.newPage();
        const problems: string[] = [];
        tab.on('dialog', dialog => { problems.push(`dialog ${dialog.message()}`); void dialog.dismiss(); });
        tab.on('console', message => { if (message.type() === 'error') problems.push(message.text()); });
        tab.on('pageerror', error => problems.push(String(error)));
        // Any request at all would mean the page is not self-contained.
        tab.on('request', request => { if (!request.url().startsWith('data:') && request.url() !== 'about:blank') problems.push(`request ${request.url()}`); });
        await tab.setContent(html);
        await tab.waitForSelector('body[data-rendered="true"]', { timeout: 30_000 });
        return { tab, problems };
    }

    test('draws the spec example: three diagrams and the grid, no CSP violation, no request', async () => {
        const { model } = spec.find(map => map.name === 'spec/checkout.cjm')!;
        const { tab, problems } = await openPage(renderHtmlPage(model, { mermaidScript: MERMAID_JS }));
        expect(await tab.locator('.cjm-diagram-canvas > svg').count()).toBe(3);
        expect(await tab.locator('.cjm-diagram-canvas').filter({ hasText: 'Could not draw' }).count()).toBe(0);
        expect(await tab.locator('table.cjm-grid th.cjm-stage').allTextContents()).toEqual(['AwarenessClear information about what we sell', 'Consideration', 'Acquisition', 'Service', 'Loyalty']);
        expect(await tab.locator('.cjm-lane-emotions .score-neg2').count()).toBe(1);
        expect(await tab.locator('.cjm-lane-emotions .score-pos2').count()).toBe(1);
        expect(await tab.locator('[data-cjm-key="touchpoint:pay"][data-range]').count()).toBeGreaterThan(0);
        expect(problems).toEqual([]);
        await tab.close();
    });

    test('Mermaid\'s own defence, without CJM\'s escaping: the page\'s securityLevel strict drops handlers, scripts, click callbacks and javascript: links', async () => {
        const { model } = spec.find(map => map.name === 'spec/checkout.cjm')!;
        // The page as renderHtmlPage writes it, its diagrams swapped for unescaped markup (what an escaping bug would pass on).
        const raw = [
            'flowchart LR\n  a["<b onclick=\'window.__pwned=1\' onmouseover=\'alert(1)\'>bold</b> <a href=\'javascript:alert(2)\'>link</a> <script>alert(3)</script>"] --> b["<img src=\'data:,\' onerror=\'alert(4)\'>"]\n  click a call alert("click callback")\n  click b href "javascript:alert(8)"',
            'journey\n  title <img onerror="alert(5)">\n  section <b onclick="alert(6)">s</b>\n    <script>alert(7)</script>: 3: me'
        ];
        const html = renderHtmlPage(model, { mermaidScript: MERMAID_JS }).replace(/(<script type="application\/json" id="cjm-diagrams">)[^<]*(<\/script>)/,
            (_, open: string, close: string) => `${open}${JSON.stringify(raw.map((text, i) => ({ id: `cjm-j0-${['flow', 'journey'][i]}`, text }))).replace(/</g, '\\u003c')}${close}`);
        const { tab, problems } = await openPage(html);
        // Strict mode binds no click callback and writes no javascript: link.
        for (const node of await tab.locator('#cjm-j0-flow svg g.node').all()) {
            await node.click();
        }
        const drawn = await tab.evaluate(() => {
            const all = Array.from(document.querySelectorAll('svg *'));
            return {
                svgs: document.querySelectorAll('.cjm-diagram-canvas > svg').length,
                failed: Array.from(document.querySelectorAll('.cjm-diagram-canvas'), c => c.querySelector('svg') ? '' : c.textContent).filter(Boolean),
                scripts: document.querySelectorAll('svg script').length,
                handlers: all.flatMap(e => Array.from(e.attributes).filter(a => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map(a => `${e.localName} ${a.name}`)),
                pwned: (window as unknown as { __pwned?: unknown }).__pwned
            };
        });
        expect(drawn).toEqual({ svgs: 2, failed: [], scripts: 0, handlers: [], pwned: undefined });
        // Mermaid puts label markup into the page for a moment while it lays it out; the page's CSP
        // reports the handler attributes it sees then. None runs, with or without the CSP.
        expect(problems.filter(p => !p.startsWith('Executing inline event handler violates the following Content Security Policy'))).toEqual([]);
        await tab.close();
    });

    test('shows hostile text literally in the grid and runs none of it, in the dark theme too', async () => {
        const { model, text } = hostile.find(map => map.name === 'hostile/markup.cjm')!;
        const { tab, problems } = await openPage(renderHtmlPage(model, { mermaidScript: MERMAID_JS, theme: 'dark' }));
        expect(await tab.locator('.cjm-diagram-canvas > svg').count()).toBe(3);
        const grid = await tab.locator('table.cjm-grid').textContent();
        for (const literal of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<a href="javascript:alert(1)">click me</a>', 'a: b; c #d', 'Stage <b>bold</b> & &amp; &lt;tag&gt; "double" \'single\'']) {
            expect(grid).toContain(literal);
        }
        expect(text).toContain('window.__pwned = true');
        expect(await tab.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
        expect(await tab.locator('main img, section img, section script, section a, section iframe').count()).toBe(0);
        expect(problems).toEqual([]);
        await tab.close();
    });
});
