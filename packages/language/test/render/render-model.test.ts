import { describe, expect, test } from 'vitest';
import { buildRenderModel, MISSING_TEXT } from '../../src/render/render-model.js';
import { fixture, loadFiles } from '../test-workspace.js';
import type { CorpusMap } from './render-corpus.js';
import { exampleMaps, specMaps } from './render-corpus.js';

async function specCheckout(): Promise<CorpusMap> {
    const maps = await specMaps();
    return maps.find(map => map.name === 'spec/checkout.cjm')!;
}

/** The zero-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
    return text.split('\n').findIndex(line => line.includes(needle));
}

describe('render model of the spec example', () => {
    test('has the journey, its stages and touchpoints in source order', async () => {
        const { model } = await specCheckout();
        expect(model.errorCount).toBe(0);
        expect(model.firstError).toBeUndefined();
        expect(model.journeys.map(j => [j.id, j.title])).toEqual([['checkout', 'Online checkout']]);
        const journey = model.journeys[0];
        expect(journey.description).toBe('How first-time buyers find us and buy school supplies');
        expect(journey.stages.map(s => s.id)).toEqual(['awareness', 'consideration', 'acquisition', 'service', 'loyalty']);
        expect(journey.stages.map(s => s.touchpoints.map(t => t.id))).toEqual([['ad'], ['visit'], ['pay'], ['chat'], ['review']]);
        expect(journey.stages[0].expectations).toEqual(['Clear information about what we sell']);
    });

    test('resolves personas from the persona library and gives touchpoints the journey\'s', async () => {
        const journey = (await specCheckout()).model.journeys[0];
        expect(journey.personas).toEqual([{ id: 'maya', title: 'Maya, busy parent', role: 'Parent of two, works full time' }]);
        const touchpoints = journey.stages.flatMap(s => s.touchpoints);
        expect(touchpoints.every(t => t.personas.join() === 'maya')).toBe(true);
        expect(journey.scenarios).toEqual([expect.objectContaining({ id: 'referral', title: 'Recommended by a friend', personas: ['maya'], path: ['ad', 'pay', 'review'] })]);
    });

    test('scores emotions as the mean of named emotions, or the number written', async () => {
        const touchpoints = (await specCheckout()).model.journeys[0].stages.flatMap(s => s.touchpoints);
        const scores = Object.fromEntries(touchpoints.map(t => [t.id, [t.feels?.score, t.expected?.score]]));
        expect(scores).toEqual({ ad: [0, 1], visit: [-2, 1], pay: [-1, 2], chat: [-1.5, undefined], review: [2, undefined] });
        expect(touchpoints[0].feels).toEqual({ names: ['curious', 'hesitant'], score: 0 });
        expect(touchpoints[3].feels).toEqual({ names: [], score: -1.5 });
        const journey = (await specCheckout()).model.journeys[0];
        expect(journey.averageScore).toBeCloseTo((0 - 2 - 1 - 1.5 + 2) / 5);
        expect(journey.averageExpected).toBeCloseTo((1 + 1 + 2) / 3);
    });

    test('carries the lanes of the grid: actions, thoughts, pains with evidence, opportunities, owners', async () => {
        const [ad, , pay, chat] = (await specCheckout()).model.journeys[0].stages.flatMap(s => s.touchpoints);
        expect(ad.channels).toEqual(['social']);
        expect(ad.does).toEqual(['Taps the ad while scrolling']);
        expect(ad.thinks).toEqual(['Is this cheaper than the supermarket?']);
        expect(ad.pains).toEqual([expect.objectContaining({ text: 'Ad lands on the home page, not the product', source: 'interviews' })]);
        expect(ad.opportunities).toEqual([expect.objectContaining({ text: 'Deep-link the ad to the product page', outcome: 'Better understanding of our offerings', owner: 'marketing', status: 'planned' })]);
        expect(pay).toMatchObject({ momentOfTruth: true, owner: 'product', tools: ['Shopify checkout'], unknowns: ['Which step do mobile users abandon?'], gaps: ['Complex procedures'] });
        expect(chat).toMatchObject({ owner: 'support', support: ['product'] });
    });

    test('carries the blueprint lines, the questions, and each persona\'s feels line with the mean and the lowest', async () => {
        const { documents } = await loadFiles({
            'map.cjm': [
                'persona tom "Tom" persona maya "Maya" persona ruth',
                'journey j { persona maya, tom',
                '  stage s {',
                '    touchpoint t {',
                '      asks "Is it in stock?" asks "When will it arrive?"',
                '      frontstage "Agent greets" frontstage "Agent checks" backstage "Stock lookup" artifact "Receipt"',
                '      feels frustrated for tom feels happy for ruth feels happy for maya feels neutral feels -1 for tom',
                '    }',
                '    touchpoint plain { feels happy feels curious hesitant }',
                '  }',
                '}'
            ].join('\n')
        });
        const journey = buildRenderModel(documents['map.cjm']).journeys[0];
        const [t, plain] = journey.stages[0].touchpoints;
        expect([t.asks, t.frontstage, t.backstage, t.artifacts]).toEqual([['Is it in stock?', 'When will it arrive?'], ['Agent greets', 'Agent checks'], ['Stock lookup'], ['Receipt']]);
        // Tom's last line counts, at its place; the mean is over one line per persona and the plain one.
        expect(t.personaFeelings).toEqual([
            { persona: 'ruth', names: ['happy'], score: 1 },
            { persona: 'maya', names: ['happy'], score: 1 },
            { names: ['neutral'], score: 0 },
            { persona: 'tom', names: [], score: -1 }
        ]);
        expect(t.feels).toEqual({ names: [], score: 0.25 });
        expect(t.lowest).toBe(-1);
        // The journey's personas first, in its order, then the others as they appear.
        expect(journey.emotionPersonas).toEqual([{ id: 'maya', title: 'Maya' }, { id: 'tom', title: 'Tom' }, { id: 'ruth' }]);
        // One plain line per touchpoint counts, as written: no persona lines, no lowest.
        expect(plain.feels).toEqual({ names: ['curious', 'hesitant'], score: 0 });
        expect(plain.personaFeelings).toBeUndefined();
        expect(plain.lowest).toBeUndefined();
        expect([plain.asks, plain.frontstage, plain.backstage, plain.artifacts]).toEqual([[], [], [], []]);
    });

    test('computes retention and churn, and keeps declared values of other metrics', async () => {
        const journey = (await specCheckout()).model.journeys[0];
        const metrics = Object.fromEntries(journey.metrics.map(m => [m.id, m]));
        expect(metrics.retention).toMatchObject({ type: 'retention', value: 95, unit: '%', computed: true, target: 96, targetUnit: '%', period: 'Q3 2026' });
        expect(metrics.churn).toMatchObject({ type: 'churn', value: 5, unit: '%', computed: true });
        expect(metrics.nps).toMatchObject({ type: 'nps', value: 42, unit: '', computed: false, target: 50 });
        expect(journey.stages[2].touchpoints[0].metrics).toEqual([expect.objectContaining({ id: 'conversion', value: 2.1, unit: '%', computed: false, target: 3 })]);
    });

    test('gives every element the LSP range of its source', async () => {
        const { model, text } = await specCheckout();
        const journey = model.journeys[0];
        expect(journey.range.start.line).toBe(lineOf(text, 'journey checkout'));
        expect(journey.stages[1].range.start).toEqual({ line: lineOf(text, 'stage consideration'), character: 2 });
        const pay = journey.stages[2].touchpoints[0];
        expect(pay.range.start).toEqual({ line: lineOf(text, 'touchpoint pay'), character: 4 });
        expect(pay.range.end.line).toBe(lineOf(text, 'metric conversion') + 1);
        expect(pay.pains[0].range.start.line).toBe(lineOf(text, 'pain "Long checkout"'));
        expect(journey.scenarios[0].range.start.line).toBe(lineOf(text, 'scenario referral'));
        expect(journey.metrics[0].range.start.line).toBe(lineOf(text, 'metric retention'));
    });
});

describe('render model of the examples', () => {
    test('has as many journeys, stages, touchpoints, scenarios and metrics as the source', async () => {
        const maps = await exampleMaps();
        for (const { name, text, model } of maps) {
            const count = (keyword: string) => text.split('\n').filter(line => new RegExp(`^\\s*${keyword}\\s`).test(line)).length;
            const journeys = model.journeys;
            const stages = journeys.flatMap(j => j.stages);
            const touchpoints = stages.flatMap(s => s.touchpoints);
            const metrics = [...journeys.flatMap(j => j.metrics), ...stages.flatMap(s => s.metrics), ...touchpoints.flatMap(t => t.metrics)];
            expect(model.errorCount, name).toBe(0);
            expect(journeys.length, name).toBe(count('journey'));
            expect(stages.length, name).toBe(count('stage'));
            expect(touchpoints.length, name).toBe(count('touchpoint'));
            expect(journeys.flatMap(j => j.scenarios).length, name).toBe(count('scenario'));
            expect(metrics.length, name).toBe(count('metric'));
            expect(touchpoints.filter(t => t.feels).length, name).toBe(count('feels'));
        }
    });
});

describe('render model of a broken map', () => {
    test('counts errors and names the first one in the document', async () => {
        const text = [
            'journey j "J" {',
            '  stage s {',
            '    touchpoint t { feels nosuch }',
            '    touchpoint u { owner nobody }',
            '  }',
            '  metric r { type retention start 10 }',
            '}'
        ].join('\n');
        const { documents } = await loadFiles({ 'main.cjm': text });
        const model = buildRenderModel(documents['main.cjm']);
        expect(model.errorCount).toBeGreaterThanOrEqual(2);
        expect(model.firstError).toMatchObject({ code: 'linking-error', range: { start: { line: 2 } } });
        // Unresolved names are not syntax errors: the text parses, and the preview draws it as it is.
        expect(model.syntaxErrorCount).toBe(0);
        expect(model.firstSyntaxError).toBeUndefined();
        // The rest of the map is still drawn; the unresolved emotion is no score rather than a guess.
        expect(model.journeys[0].stages[0].touchpoints[0].feels).toBeUndefined();
        expect(model.journeys[0].metrics[0]).toMatchObject({ id: 'r', computed: false });
        expect(model.journeys[0].personas).toEqual([]);
    });

    test('counts syntax errors apart from the others and names the first one', async () => {
        const text = [
            'journey j "J" {',
            '  persona nobody',
            '  stage s {',
            '    touchpoint t { feels happy }',
            '    touchpoint u { feels "oops }',
            '  }',
            '}'
        ].join('\n');
        const { documents } = await loadFiles({ 'main.cjm': text });
        const model = buildRenderModel(documents['main.cjm']);
        expect(model.syntaxErrorCount).toBeGreaterThanOrEqual(1);
        expect(model.errorCount).toBeGreaterThan(model.syntaxErrorCount);
        // The first error is the unknown persona; the first syntax error is the unclosed string two lines below.
        expect(model.firstError).toMatchObject({ code: 'linking-error', range: { start: { line: 1 } } });
        expect(model.firstSyntaxError).toMatchObject({ code: 'parse-error', range: { start: { line: 4 } } });
    });

    test('keeps the spec example usable when the persona library is missing', async () => {
        const { documents } = await loadFiles({ 'checkout.cjm': fixture('spec/checkout.cjm') });
        const model = buildRenderModel(documents['checkout.cjm']);
        expect(model.errorCount).toBeGreaterThan(0);
        expect(model.journeys[0].personas).toEqual([{ id: 'maya' }]);
        expect(model.journeys[0].stages).toHaveLength(5);
    });
});

describe('render model of half-typed lines (what error recovery leaves in the AST)', () => {
    async function modelOf(text: string) {
        const { documents } = await loadFiles({ 'main.cjm': text });
        return buildRenderModel(documents['main.cjm']);
    }

    test('a reference without its name yet is left out: owner, channel, support, persona, opportunity owner', async () => {
        const model = await modelOf([
            'team product',
            'journey j {',
            '  persona',
            '  stage s {',
            '    touchpoint t {',
            '      support product,',
            '      opportunity "x" { owner }',
            '      owner',
            '      channel',
            '    }',
            '  }',
            '}'
        ].join('\n'));
        expect(model.syntaxErrorCount).toBeGreaterThan(0);
        const journey = model.journeys[0];
        expect(journey.personas).toEqual([]);
        const touchpoint = journey.stages[0].touchpoints[0];
        expect(touchpoint).toMatchObject({ id: 't', channels: [], support: ['product'] });
        expect(touchpoint.owner).toBeUndefined();
        expect(touchpoint.opportunities).toEqual([expect.objectContaining({ text: 'x' })]);
        expect(touchpoint.opportunities[0].owner).toBeUndefined();
    });

    test('a text property without its string is left out; a pain or opportunity without text shows a placeholder', async () => {
        const model = await modelOf('journey j { stage s { expectation } stage u { touchpoint t { does } } stage v { touchpoint w { pain } } stage x { touchpoint y { opportunity { } } } }');
        const [s, u, v, x] = model.journeys[0].stages;
        expect(s.expectations).toEqual([]);
        expect(u.touchpoints[0].does).toEqual([]);
        expect(v.touchpoints[0].pains).toEqual([expect.objectContaining({ text: MISSING_TEXT })]);
        expect(x.touchpoints[0].opportunities).toEqual([expect.objectContaining({ text: MISSING_TEXT })]);
    });

    test('an element without a name is kept, shown by its title or as unnamed', async () => {
        const model = await modelOf('journey { stage { touchpoint "Pays" { } touchpoint { } } }');
        const [journey] = model.journeys;
        expect(journey).toMatchObject({ id: '', title: '(unnamed journey)' });
        expect(journey.stages.map(s => [s.id, s.title])).toEqual([['', '(unnamed stage)']]);
        expect(journey.stages[0].touchpoints.map(t => [t.id, t.title])).toEqual([['', 'Pays'], ['', '(unnamed touchpoint)']]);
    });

    test('a blank title is shown as the name, in every output alike', async () => {
        const model = await modelOf('journey j "  " { stage s "" { touchpoint t "" { feels happy } } }');
        const [journey] = model.journeys;
        expect([journey.title, journey.stages[0].title, journey.stages[0].touchpoints[0].title]).toEqual(['j', 's', 't']);
    });
});
