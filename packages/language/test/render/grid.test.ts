import { Window } from 'happy-dom';
import { describe, expect, test } from 'vitest';
import { GRID_LANES, gridHtml, gridLaneChoices, gridLanes, gridMarkdown, scoreClass } from '../../src/render/grid.js';
import type { RenderJourney } from '../../src/render/render-model.types.js';
import { exampleMaps, specMaps, modelsOf } from './render-corpus.js';

/** The grid parsed as a browser would, so assertions read cells and attributes, not markup. */
function parseGrid(html: string): Document {
    const window = new Window();
    window.document.body.innerHTML = html;
    return window.document as unknown as Document;
}

async function specJourney(): Promise<RenderJourney> {
    return (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!.model.journeys[0];
}

/** The text of a cell as read: its pieces of text in order, one space between them (the emotion curve's tooltips aside). */
function cellText(cell: Node | null | undefined): string {
    const pieces: string[] = [];
    const walk = (node: Node) => (node.nodeType === 3 ? pieces.push(node.textContent ?? '') : (node as Element).localName === 'svg' ? undefined : node.childNodes.forEach(walk));
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

describe('the emotions lane\'s own curve', () => {
    test('has a point per touchpoint of each stage, at its score, with its title and score as the tooltip', async () => {
        const journey = await specJourney();
        const grid = parseGrid(gridHtml(journey));
        const cells = Array.from(grid.querySelectorAll('tr.cjm-lane-emotions td'));
        expect(cells.map(cell => cell.querySelectorAll('svg.cjm-curve .cjm-curve-point').length)).toEqual(journey.stages.map(stage => stage.touchpoints.length));
        // ad 0, visit −2 (the lowest), review +2 (the highest): y runs down from +2 at 4 to −2 at 36.
        const pointY = (column: number) => Number(/ (\d+(?:\.\d+)?)h0$/.exec(cells[column].querySelector('.cjm-curve-point')!.getAttribute('d')!)![1]);
        expect([pointY(0), pointY(1), pointY(4)]).toEqual([20, 36, 4]);
        expect(Array.from(cells[1].querySelectorAll('.cjm-curve-point title'), title => title.textContent)).toEqual(['Website visit: -2']);
    });

    test('runs on unbroken from column to column, the actual line solid, the expected line dashed', async () => {
        const journey = await specJourney();
        const grid = parseGrid(gridHtml(journey));
        const lines = (kind: string) => Array.from(grid.querySelectorAll(`tr.cjm-lane-emotions .cjm-curve-${kind}`), path => path.getAttribute('d')!.split(/ ?[ML]/).filter(Boolean).map(point => point.split(' ').map(Number)));
        for (const kind of ['actual', 'expected']) {
            const columns = lines(kind);
            expect(columns).toHaveLength(journey.stages.length);
            // Where one column's line ends, the next one's starts, at the same height.
            for (let i = 1; i < columns.length; i++) {
                expect([columns[i - 1].at(-1)![0], columns[i][0][0], columns[i][0][1]]).toEqual([100, 0, columns[i - 1].at(-1)![1]]);
            }
        }
        expect(grid.querySelector('.cjm-curve-actual')?.hasAttribute('stroke-dasharray')).toBe(false);
        expect(grid.querySelector('.cjm-curve-expected')?.getAttribute('stroke-dasharray')).toBe('5 4');
    });

    test('is left out with the emotions lane, and a journey without expected emotions has no expected line', async () => {
        const journey = await specJourney();
        expect(parseGrid(gridHtml(journey, { hiddenLanes: ['emotions'] })).querySelector('svg')).toBeNull();
        const unexpected = { ...journey, stages: journey.stages.map(stage => ({ ...stage, touchpoints: stage.touchpoints.map(({ expected: _, ...t }) => t) })) };
        const grid = parseGrid(gridHtml(unexpected));
        expect(grid.querySelectorAll('.cjm-curve-actual')).toHaveLength(journey.stages.length);
        expect(grid.querySelectorAll('.cjm-curve-expected')).toHaveLength(0);
    });
});

describe('hidden lanes', () => {
    test('are left out of the HTML and Markdown grids; unknown keys change nothing', async () => {
        const journey = await specJourney();
        expect(gridLaneChoices(journey).map(lane => lane.title)).toEqual(gridLanes(journey));
        const hiddenLanes = ['pains', 'metrics', 'no-such-lane'];
        const grid = parseGrid(gridHtml(journey, { hiddenLanes }));
        expect(Array.from(grid.querySelectorAll('tbody tr'), row => row.className)).toEqual(
            gridLaneChoices(journey).filter(lane => !hiddenLanes.includes(lane.key)).map(lane => `cjm-lane cjm-lane-${lane.key}`)
        );
        const markdown = gridMarkdown(journey, { hiddenLanes });
        expect(markdown).not.toMatch(/^\| (Pain points|Metrics) \|/m);
        expect(markdown).toMatch(/^\| Opportunities \|/m);
        expect(gridHtml(journey, { hiddenLanes: ['no-such-lane'] })).toBe(gridHtml(journey));
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
        expect(grid.querySelectorAll('tbody td')).toHaveLength(GRID_LANES.length);
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

describe('the grid of a service blueprint and of several personas', () => {
    async function exampleJourney(id: string): Promise<RenderJourney> {
        return (await exampleMaps()).flatMap(map => map.model.journeys).find(j => j.id === id)!;
    }

    test('the blueprint\'s lanes and the questions lane, only in a journey that fills them', async () => {
        const billing = await exampleJourney('billing-support');
        expect(gridLanes(billing)).toEqual([
            'Touchpoints & channels', 'Actions', 'Thoughts', 'Questions', 'Emotions', 'Pain points', 'Evidence', 'Opportunities',
            'Physical evidence', 'Frontstage', 'Backstage', 'Support processes', 'Owners', 'Metrics'
        ]);
        expect(gridLanes(await specJourney())).toEqual([...GRID_LANES]);
        const grid = parseGrid(gridHtml(billing));
        const cell = (lane: string, column: number) => cellText(grid.querySelector(`tr.cjm-lane-${lane}`)?.querySelectorAll('td')[column]);
        expect(cell('questions', 0)).toBe('Reads the paper bill What is this extra charge for?');
        expect(cell('evidence', 0)).toBe('Reads the paper bill Paper bill');
        expect(cell('frontstage', 1)).toBe('Phone menu Recorded menu reads the options Talks to an agent Agent listens and reads the bill back Agent apologises and promises a refund');
        expect(cell('backstage', 2)).toBe('Receives the refund Billing Operations approves the refund');
        expect(cell('support', 1)).toContain('Billing console support: billing');
        // The line of visibility lies above the backstage row, and says so.
        expect(cellText(grid.querySelector('tr.cjm-lane-backstage th'))).toBe('Backstage below the line of visibility');
        expect(gridMarkdown(billing)).toContain('| Backstage (below the line of visibility) |');
    });

    test('the emotions lane shows each persona\'s emotion in its colour, then the mean and the lowest', async () => {
        const shoes = await exampleJourney('school-shoes');
        const grid = parseGrid(gridHtml(shoes));
        const emotions = grid.querySelector('tr.cjm-lane-emotions td');
        expect(Array.from(emotions!.querySelectorAll('.cjm-persona-emotion'), e => [e.textContent, e.className.split(' ').pop()])).toEqual([
            ['maya: curious +1', 'score-pos1'], ['tom: indifferent 0', 'score-0'],
            ['maya: hesitant -1', 'score-neg1'], ['tom: impatient -1', 'score-neg1']
        ]);
        expect(cellText(emotions)).toContain('(mean +0.5, lowest 0; expected interested +1)');
        expect(gridMarkdown(shoes)).toContain('**Searches the shop**: maya: curious +1<br>**Searches the shop**: tom: indifferent 0<br>**Searches the shop**: _(mean +0.5, lowest 0; expected interested +1)_');
    });
});
