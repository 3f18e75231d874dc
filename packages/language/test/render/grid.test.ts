import { Window } from 'happy-dom';
import { describe, expect, test } from 'vitest';
import { GRID_LANES, gridHtml, scoreClass } from '../../src/render/grid.js';
import type { RenderJourney } from '../../src/render/render-model.types.js';
import { specMaps, modelsOf } from './render-corpus.js';

/** The grid parsed as a browser would, so assertions read cells and attributes, not markup. */
function parseGrid(html: string): Document {
    const window = new Window();
    window.document.body.innerHTML = html;
    return window.document as unknown as Document;
}

async function specJourney(): Promise<RenderJourney> {
    return (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!.model.journeys[0];
}

/** The text of a cell as read: its pieces of text in order, one space between them. */
function cellText(cell: Node | null | undefined): string {
    const pieces: string[] = [];
    const walk = (node: Node) => (node.nodeType === 3 ? pieces.push(node.textContent ?? '') : node.childNodes.forEach(walk));
    if (cell) {
        walk(cell);
    }
    return pieces.join(' ').replace(/\s+/g, ' ').trim();
}

describe('the journey grid of the spec example', () => {
    test('has the stages as columns and one row per lane, in the canvas order', async () => {
        const grid = parseGrid(gridHtml(await specJourney()));
        expect(Array.from(grid.querySelectorAll('thead th.cjm-stage'), th => th.firstChild?.textContent)).toEqual(['Awareness', 'Consideration', 'Acquisition', 'Service', 'Loyalty']);
        // The spec example names no insights: no evidence lane.
        expect(Array.from(grid.querySelectorAll('tbody tr > th[scope="row"]'), th => th.textContent)).toEqual(GRID_LANES.filter(lane => lane !== 'Evidence'));
        for (const row of Array.from(grid.querySelectorAll('tbody tr'))) {
            expect(row.querySelectorAll('td')).toHaveLength(5);
        }
    });

    test('puts each touchpoint\'s text in its lane and stage', async () => {
        const grid = parseGrid(gridHtml(await specJourney()));
        const cell = (lane: string, column: number) => grid.querySelector(`tr.cjm-lane-${lane}`)?.querySelectorAll('td')[column];
        expect(cellText(cell('touchpoints', 0))).toBe('Instagram ad social');
        expect(cellText(cell('touchpoints', 2))).toBe('Checkout process ★ moment of truth web');
        expect(cellText(cell('actions', 0))).toBe('Instagram ad Taps the ad while scrolling');
        expect(cellText(cell('thoughts', 0))).toBe('Instagram ad Is this cheaper than the supermarket?');
        expect(cellText(cell('emotions', 0))).toBe('Instagram ad curious hesitant 0 (expected interested +1)');
        expect(cellText(cell('pains', 2))).toBe('Checkout process Long checkout (source: survey)');
        expect(cellText(cell('opportunities', 0))).toBe('Instagram ad Deep-link the ad to the product page (planned, owner: marketing, outcome: Better understanding of our offerings)');
        expect(cellText(cell('owners', 3))).toBe('Support chat support (support: product)');
        expect(cellText(cell('metrics', 2))).toBe('Checkout process Checkout conversion: 2.1% (target 3%)');
        // A stage's expectations sit under its title.
        expect(cellText(grid.querySelector('th.cjm-stage .cjm-expectation'))).toBe('Clear information about what we sell');
    });

    test('ties stage headers and touchpoint entries to their source', async () => {
        const journey = await specJourney();
        const grid = parseGrid(gridHtml(journey));
        const pay = journey.stages[2].touchpoints[0];
        const entries = Array.from(grid.querySelectorAll('[data-cjm-key="touchpoint:pay"]'));
        expect(entries.length).toBeGreaterThan(3);
        const { start, end } = pay.range;
        expect(new Set(entries.map(entry => entry.getAttribute('data-range')))).toEqual(new Set([`${start.line}:${start.character}-${end.line}:${end.character}`]));
        expect(grid.querySelector('th[data-cjm-key="stage:acquisition"]')?.getAttribute('data-id')).toBe('acquisition');
    });

    test('colours emotions by their rounded score', async () => {
        const grid = parseGrid(gridHtml(await specJourney()));
        const classes = Array.from(grid.querySelectorAll('tr.cjm-lane-emotions .cjm-emotion'), entry => entry.className.replace('cjm-item cjm-emotion ', ''));
        // ad 0, visit −2, pay −1, chat −1.5 (rounds to −1), review +2.
        expect(classes).toEqual(['score-0', 'score-neg2', 'score-neg1', 'score-neg1', 'score-pos2']);
    });
});

describe('score classes', () => {
    test('round to the five steps of the scale, clamp outside it, and mark a missing emotion', () => {
        const emotion = (score: number) => ({ names: [], score });
        expect([-2, -1.6, -1, -0.4, 0, 0.5, 1, 1.49, 2, 7, -9].map(score => scoreClass(emotion(score)))).toEqual([
            'score-neg2', 'score-neg2', 'score-neg1', 'score-0', 'score-0', 'score-pos1', 'score-pos1', 'score-pos1', 'score-pos2', 'score-pos2', 'score-neg2'
        ]);
        expect(scoreClass(undefined)).toBe('score-none');
    });
});

describe('escaping in the grid', () => {
    test('shows markup, quotes and ampersands in user text as characters, in text and attributes alike', async () => {
        const hostile = '<img src=x onerror=alert(1)> "q" \'s\' & &amp;';
        const text = [
            `journey j "${hostile.replace(/"/g, '\\"')}" {`,
            `  stage s "${hostile.replace(/"/g, '\\"')}" {`,
            `    expectation "</th></tr><script>alert(1)</script>"`,
            `    touchpoint t "${hostile.replace(/"/g, '\\"')}" {`,
            `      does "<b>bold</b>"`,
            `      pain "</td><td>x" source "<i>src</i>"`,
            '    }',
            '  }',
            '}'
        ].join('\n');
        const [map] = await modelsOf('escape', { 'main.cjm': text });
        const html = gridHtml(map.model.journeys[0]);
        const grid = parseGrid(html);
        expect(grid.querySelectorAll('img, script, b, i')).toHaveLength(0);
        expect(grid.querySelectorAll('tbody td')).toHaveLength(GRID_LANES.length - 1);
        expect(grid.querySelector('th.cjm-stage')?.firstChild?.textContent).toBe(hostile);
        expect(cellText(grid.querySelector('th.cjm-stage .cjm-expectation'))).toBe('</th></tr><script>alert(1)</script>');
        expect(cellText(grid.querySelector('tr.cjm-lane-touchpoints strong'))).toBe(hostile.replace(/\s+/g, ' '));
        expect(cellText(grid.querySelector('tr.cjm-lane-actions td'))).toContain('<b>bold</b>');
        expect(cellText(grid.querySelector('tr.cjm-lane-pains td'))).toContain('</td><td>x (source: <i>src</i>)');
        expect(html).not.toMatch(/<(img|script|b|i)[\s>]/);
    });

    test('escapes ids in data attributes', async () => {
        const [map] = await modelsOf('escape', { 'main.cjm': 'journey j { stage s { touchpoint t { feels happy } } }' });
        const journey = map.model.journeys[0];
        const renamed: RenderJourney = { ...journey, id: 'j"><script>', stages: journey.stages.map(stage => ({ ...stage, id: 's" onclick="x' })) };
        const grid = parseGrid(gridHtml(renamed));
        expect(grid.querySelector('table')?.getAttribute('data-journey')).toBe('j"><script>');
        expect(grid.querySelector('th.cjm-stage')?.getAttribute('data-cjm-key')).toBe('stage:s" onclick="x');
        expect(grid.querySelector('[onclick]')).toBeNull();
    });
});
