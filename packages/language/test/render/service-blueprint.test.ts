import { describe, expect, test } from 'vitest';
import { hasBlueprint, serviceBlueprint } from '../../src/render/mermaid/service-blueprint.js';
import { modelsOf } from './render-corpus.js';

async function journeyOf(text: string) {
    const [map] = await modelsOf('test', { 'map.cjm': text });
    return map.model.journeys[0];
}

const MAP = [
    'persona ruth "Ruth" team billing',
    'journey j { persona ruth',
    '  stage empty "Nothing yet" { }',
    '  stage s "Support" {',
    '    touchpoint call "Calls" { does "Explains" artifact "Bill" backstage "Checks account" tool "Console" support billing }',
    '    touchpoint mail "Gets an e-mail" { frontstage "Agent writes" frontstage "Agent signs" }',
    '    touchpoint done "Done" { feels happy }',
    '  }',
    '}'
].join('\n');

describe('the service blueprint text', () => {
    test('is drawn only for a journey with frontstage, backstage or artifact lines', async () => {
        expect(hasBlueprint(await journeyOf(MAP))).toBe(true);
        expect(hasBlueprint(await journeyOf('journey j { stage s { touchpoint t { does "x" tool "CRM" support x } } } team x'))).toBe(false);
    });

    test('lanes top to bottom, one column per touchpoint, actions linked in order and each column linked down through its lanes', async () => {
        const text = serviceBlueprint(await journeyOf(MAP));
        const lanes = [...text.matchAll(/subgraph (\w+)\["([^"]*)"\]/g)].map(m => [m[1], m[2]]);
        expect(lanes).toEqual([
            ['lane_stage', 'Stage'], ['lane_evidence', 'Physical evidence'], ['lane_actions', 'Customer actions'], ['lane_frontstage', 'Frontstage'],
            ['lane_visibility', 'Line of visibility'], ['lane_backstage', 'Backstage'], ['lane_support', 'Support processes']
        ]);
        // `does`, or the title where there is none; several lines of a lane in one node.
        expect(text).toContain('c0001_action["Explains"]');
        expect(text).toContain('c0002_action["Gets an e-mail"]');
        expect(text).toContain('c0002_front["Agent writes<br>Agent signs"]');
        expect(text).toContain('c0001_support["Console<br>Support: billing"]');
        // Where a column skips a lane between two it has, a junction; below its last lane, nothing.
        expect(text).toContain('c0001_front@{ shape: f-circ }');
        expect(text).not.toContain('c0002_back');
        expect(text).not.toMatch(/c0003_(front|back|support|evidence)/);
        const links = text.split('\n').filter(line => /^ {4}\S+ (-->|---|~~~) \S+$/.test(line)).map(line => line.trim());
        expect(links).toEqual([
            'start --> c0001_action', 'c0001_action --- c0001_evidence', 'c0001_action --- c0001_front', 'c0001_front --> c0001_back', 'c0001_back --> c0001_support',
            'c0001_action --> c0002_action', 'c0002_action --> c0002_front',
            'c0002_action --> c0003_action',
            // The empty stage has no column to stand over; the other heads its first one.
            'c0001_evidence ~~~ s0002_stage',
            'start ~~~ visibility'
        ]);
        expect(text).toContain('start(["Ruth"])');
        expect(text).toContain('visibility["▲ seen by the customer<br>▼ not seen by the customer"]');
        expect(text).not.toContain('Nothing yet');
    });
});
