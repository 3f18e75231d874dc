import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildRenderModel } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import type { RenderMessage } from '../src/protocol.js';
import { buildRenderMessage, elementAt } from '../src/preview/render-message.js';

const spec = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/spec/${name}`, import.meta.url));

let message: RenderMessage;
let text: string[];

beforeAll(async () => {
    const workspace = createNodeCjmWorkspace();
    const files = [spec('personas.cjm'), spec('checkout.cjm')];
    const [, checkout] = await workspace.load(files.map((file) => ({ uri: file, text: readFileSync(file, 'utf8') })));
    text = readFileSync(files[1], 'utf8').split('\n');
    message = buildRenderMessage(buildRenderModel(checkout), 'checkout.cjm', { diagrams: ['journey', 'grid'], theme: 'auto' });
});

/** The zero-based position of the first occurrence of `needle` in the checkout example. */
function positionOf(needle: string): [number, number] {
    const line = text.findIndex((candidate) => candidate.includes(needle));
    return [line, text[line].indexOf(needle)];
}

describe('the render message the host posts', () => {
    test('holds only the diagrams the user asked for, for the first journey by default', () => {
        expect(message.journeyId).toBe('checkout');
        expect(Object.keys(message.mermaid)).toEqual(['journey']);
        expect(message.mermaid.journey).toMatch(/^journey\n/);
        expect(message.gridHtml).toContain('<table class="cjm-grid"');
        expect(message.fileName).toBe('checkout.cjm');
    });

    test('lists stages then touchpoints in journey order', () => {
        expect(message.elements.map((element) => `${element.kind}:${element.id}`)).toEqual([
            'stage:awareness', 'stage:consideration', 'stage:acquisition', 'stage:service', 'stage:loyalty',
            'touchpoint:ad', 'touchpoint:visit', 'touchpoint:pay', 'touchpoint:chat', 'touchpoint:review'
        ]);
    });
});

describe('which element the cursor is in', () => {
    test('a touchpoint wins over the stage that holds it', () => {
        expect(elementAt(message.elements, ...positionOf('does "Taps the ad'))?.id).toBe('ad');
        expect(elementAt(message.elements, ...positionOf('touchpoint pay'))?.id).toBe('pay');
    });

    test('between touchpoints it is the stage, outside every stage nothing', () => {
        expect(elementAt(message.elements, ...positionOf('expectation "Clear'))).toMatchObject({ kind: 'stage', id: 'awareness' });
        expect(elementAt(message.elements, ...positionOf('scenario referral'))).toBeUndefined();
    });
});
