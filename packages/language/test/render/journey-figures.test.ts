import { describe, expect, test } from 'vitest';
import { buildRenderModel } from '../../src/render/render-model.js';
import { journeyFigures } from '../../src/render/journey-figures.js';
import { loadFiles } from '../test-workspace.js';

const MAP = `
journey j "J" {
  stage s "S" {
    touchpoint a "A" {
      feels happy
      expected delighted
      pain "p1" source survey severity high
      pain "p2" severity high
      pain "p3" source "the call log" severity low
      opportunity "o1" { status done }
      opportunity "o2" { status planned }
      opportunity "o3"
      metric conversion "Conversion" { value 2.1% target 3% }
    }
    touchpoint b "B" {
      feels -2
      pain "p4"
    }
    metric csat "CSAT" { type csat value 4.2 }
  }
  metric retention "Retention" { type retention start 1000 end 950 }
}
`;

async function figuresOf(text: string) {
    const { documents } = await loadFiles({ 'j.cjm': text });
    return journeyFigures(buildRenderModel(documents['j.cjm']).journeys[0]);
}

describe('journey figures', () => {
    test('means, pains by severity, evidence coverage, open opportunities and metrics in source order', async () => {
        const figures = await figuresOf(MAP);
        expect(figures.touchpoints).toBe(2);
        expect(figures.averageScore).toBe(-0.5);
        expect(figures.averageExpected).toBe(2);
        expect(figures.pains).toEqual({ high: 2, medium: 0, low: 1, unrated: 1, total: 4 });
        // p1 and p3 name a source (a built-in one and a quoted one): 2 of 4.
        expect(figures.evidenceCoverage).toBe(50);
        expect(figures.opportunities).toBe(3);
        expect(figures.openOpportunities).toBe(2);
        expect(figures.metrics.map(m => [m.scope, m.scopeId, m.metric.id, m.metric.value, m.metric.unit])).toEqual([
            ['journey', undefined, 'retention', 95, '%'],
            ['stage', 's', 'csat', 4.2, ''],
            ['touchpoint', 'a', 'conversion', 2.1, '%']
        ]);
    });

    test('no pains: no evidence coverage figure; no emotions: no means', async () => {
        const figures = await figuresOf('journey j { stage s { touchpoint a { does "x" } } }');
        expect(figures.evidenceCoverage).toBeUndefined();
        expect(figures.averageScore).toBeUndefined();
        expect(figures.averageExpected).toBeUndefined();
        expect(figures.pains.total).toBe(0);
    });
});
