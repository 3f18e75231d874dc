import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { journeyForPersona, journeyPersonaIds } from '../../src/render/persona-view.js';
import { modelsOf } from './render-corpus.js';

const MAP = `persona maya "Maya"
persona leo "Leo"
persona ana "Ana"

journey j "Shopping" {
  persona maya, leo
  stage a "Look" {
    touchpoint both "Both look" { feels happy expected delighted }
    touchpoint leos "Leo asks" { persona leo feels angry }
  }
  stage b "Buy" {
    touchpoint anas "Ana pays" { persona ana feels neutral }
  }
}
`;

async function shopping() {
    const [map] = await modelsOf('personas', { 'main.cjm': MAP });
    return map.model;
}

describe('one persona\'s view of a journey', () => {
    test('the personas to pick from: the journey\'s, then those only a touchpoint names', async () => {
        expect(journeyPersonaIds((await shopping()).journeys[0])).toEqual(['maya', 'leo', 'ana']);
    });

    test('keeps the touchpoints that persona takes part in and every stage, and averages what is left', async () => {
        const journey = (await shopping()).journeys[0];
        const titles = (personaId: string) => journeyForPersona(journey, personaId).stages.map(stage => [stage.title, stage.touchpoints.map(t => t.title)]);
        expect(titles('maya')).toEqual([['Look', ['Both look']], ['Buy', []]]);
        expect(titles('leo')).toEqual([['Look', ['Both look', 'Leo asks']], ['Buy', []]]);
        expect(titles('ana')).toEqual([['Look', []], ['Buy', ['Ana pays']]]);
        expect(titles('nobody')).toEqual([['Look', []], ['Buy', []]]);
        const leo = journeyForPersona(journey, 'leo');
        expect(leo.personas.map(p => p.id)).toEqual(['leo']);
        expect([leo.averageScore, leo.averageExpected]).toEqual([-0.5, 2]);
        expect(journeyForPersona(journey, 'ana')).not.toHaveProperty('averageExpected');
    });

    test('Markdown for one persona, with only some diagrams and lanes', async () => {
        const model = await shopping();
        const markdown = renderMarkdown(model, { persona: 'ana', diagrams: ['emotion', 'grid'], hiddenLanes: ['pains'] });
        expect(markdown).toContain('Ana pays');
        expect(markdown).not.toContain('Leo asks');
        expect(Array.from(markdown.matchAll(/^## (.*)$/gm), match => match[1])).toEqual(['Personas', 'Emotion curve', 'Journey grid']);
        expect(markdown).not.toMatch(/^\| Pain points \|/m);
        expect(renderMarkdown(model, { diagrams: ['journey', 'emotion', 'flow', 'grid'] })).toBe(renderMarkdown(model));
    });
});
