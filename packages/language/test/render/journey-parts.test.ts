import { describe, expect, test } from 'vitest';
import { journeyDiagram, journeyDiagramParts, JOURNEY_PART_TOUCHPOINTS } from '../../src/render/mermaid/journey-diagram.js';
import type { RenderJourney } from '../../src/render/render-model.types.js';
import { modelsOf, specMaps } from './render-corpus.js';

/** A journey of stages with the given numbers of touchpoints, as the render model has it. */
async function journeyOf(sizes: number[]): Promise<RenderJourney> {
    let next = 0;
    const stages = sizes.map((size, s) => `  stage s${s} "Stage ${s}" {\n${Array.from({ length: size }, () => `    touchpoint t${++next} "Touchpoint ${next}" { feels happy }\n`).join('')}  }\n`);
    const [map] = await modelsOf('parts', { 'main.cjm': `journey big "Big journey" {\n${stages.join('')}}\n` });
    return map.model.journeys[0];
}

const tasks = (text: string) => text.split('\n').filter(line => /^ {8}\S/.test(line)).length;
const sections = (text: string) => Array.from(text.matchAll(/^ {4}section (.*)$/gm), match => match[1]);

describe('a journey drawn in parts', () => {
    test('up to the limit it is one diagram, the journey diagram itself', async () => {
        const journey = (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!.model.journeys[0];
        expect(journeyDiagramParts(journey)).toEqual([journeyDiagram(journey)]);
        const full = await journeyOf([JOURNEY_PART_TOUCHPOINTS - 5, 5]);
        expect(journeyDiagramParts(full)).toEqual([journeyDiagram(full)]);
    });

    test('beyond it, runs of whole stages of at most the limit each, every touchpoint once, in order, titles numbered', async () => {
        const journey = await journeyOf([6, 6, 6, 20, 3, 0, 4]);
        const parts = journeyDiagramParts(journey, 12);
        expect(parts.map(sections)).toEqual([['Stage 0', 'Stage 1'], ['Stage 2'], ['Stage 3'], ['Stage 4', 'Stage 5', 'Stage 6']]);
        expect(parts.map(tasks)).toEqual([12, 6, 20, 7]);
        expect(parts.map(part => /^ {4}title (.*)$/m.exec(part)![1])).toEqual(['Big journey (1/4)', 'Big journey (2/4)', 'Big journey (3/4)', 'Big journey (4/4)']);
        // The tasks of the parts, one after the other, are the whole journey's.
        const taskLines = (text: string) => text.split('\n').filter(line => /^ {8}\S/.test(line));
        expect(parts.flatMap(taskLines)).toEqual(taskLines(journeyDiagram(journey)));
    });
});
