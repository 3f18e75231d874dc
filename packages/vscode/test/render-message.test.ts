import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildRenderModel } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import type { RenderModel } from '@cjm/language';
import type { RenderMessage } from '../src/protocol.js';
import { DEFAULT_VIEW } from '../src/protocol.js';
import { buildRenderMessage, elementAt } from '../src/preview/render-message.js';

const spec = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/spec/${name}`, import.meta.url));

let message: RenderMessage;
let text: string[];

const CHOICE = { diagrams: ['journey', 'grid'] as const, view: DEFAULT_VIEW, theme: 'auto', locked: false } as const;

/** The render model of the spec's checkout map (with its persona library), optionally with other text. */
async function checkoutModel(source?: string): Promise<RenderModel> {
    const workspace = createNodeCjmWorkspace();
    const files = [spec('personas.cjm'), spec('checkout.cjm')];
    const [, checkout] = await workspace.load(files.map((file, index) => ({ uri: file, text: index === 1 && source !== undefined ? source : readFileSync(file, 'utf8') })));
    return buildRenderModel(checkout);
}

beforeAll(async () => {
    text = readFileSync(spec('checkout.cjm'), 'utf8').split('\n');
    message = buildRenderMessage(await checkoutModel(), 'checkout.cjm', { ...CHOICE, diagrams: [...CHOICE.diagrams] });
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
        expect(message.mermaid.journey).toEqual([expect.stringMatching(/^journey\n/)]);
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

describe('the reader\'s view', () => {
    test('hidden diagrams and lanes are not drawn, and one persona\'s view draws that persona\'s touchpoints', async () => {
        const model = await checkoutModel(text.join('\n').replace('    touchpoint visit "Website visit" {', '    touchpoint visit "Website visit" {\n      persona leo'));
        const choice = { ...CHOICE, diagrams: ['journey', 'emotion', 'grid'] as ('journey' | 'emotion' | 'grid')[] };
        const view = { hiddenDiagrams: ['emotion' as const], hiddenLanes: ['pains'], persona: 'maya' };
        const drawn = buildRenderMessage(model, 'checkout.cjm', { ...choice, view });
        expect(Object.keys(drawn.mermaid)).toEqual(['journey']);
        expect(drawn.gridHtml).not.toContain('cjm-lane-pains');
        expect(drawn.mermaid.journey!.join('')).not.toContain('Website visit');
        expect(drawn.elements.map((element) => element.id)).not.toContain('visit');
        expect(drawn.view).toEqual(view);
        expect(drawn.personas.map((persona) => persona.id)).toEqual(['maya', 'leo']);
        expect(drawn.lanes.map((lane) => lane.key)).toContain('pains');
    });

    test('a persona the journey does not have filters nothing', async () => {
        const model = await checkoutModel();
        const drawn = buildRenderMessage(model, 'checkout.cjm', { ...CHOICE, diagrams: ['journey'], view: { hiddenDiagrams: [], hiddenLanes: [], persona: 'nobody' } });
        expect(drawn.view).toEqual({ hiddenDiagrams: [], hiddenLanes: [] });
        expect(drawn.mermaid).toEqual(buildRenderMessage(model, 'checkout.cjm', { ...CHOICE, diagrams: ['journey'] }).mermaid);
    });
});

describe('while the text has syntax errors', () => {
    test('the picture is the last good one, the errors and ranges are the current text\'s', async () => {
        const good = await checkoutModel();
        // Two lines inserted above the first touchpoint, one of them half typed.
        const source = text.join('\n').replace('    touchpoint ad "Instagram ad" {', '    stag\n\n    touchpoint ad "Instagram ad" {');
        const broken = await checkoutModel(source);
        const held = buildRenderMessage(broken, 'checkout.cjm', { ...CHOICE, diagrams: ['journey', 'emotion'] }, good);
        const fresh = buildRenderMessage(good, 'checkout.cjm', { ...CHOICE, diagrams: ['journey', 'emotion'] });
        expect(held.lastGoodPicture).toBe(true);
        expect(held.mermaid).toEqual(fresh.mermaid);
        expect(held).toMatchObject({ errorCount: broken.errorCount, syntaxErrorCount: broken.syntaxErrorCount, firstError: { message: broken.firstSyntaxError!.message } });
        const ad = (m: RenderMessage) => m.elements.find((element) => element.id === 'ad')!.range.start.line;
        expect(ad(held)).toBe(ad(fresh) + 2);
    });

    test('without a good model of the same document the picture is the current text\'s', async () => {
        const broken = await checkoutModel(text.join('\n').replace('    touchpoint ad "Instagram ad" {', '    stag\n    touchpoint ad "Instagram ad" {'));
        const other = { ...(await checkoutModel()), uri: 'file:///elsewhere/checkout.cjm' };
        for (const lastGood of [undefined, other, broken]) {
            const drawn = buildRenderMessage(broken, 'checkout.cjm', { ...CHOICE, diagrams: ['journey'] }, lastGood);
            expect(drawn.lastGoodPicture).toBe(false);
            expect(drawn.mermaid.journey).toEqual(buildRenderMessage(broken, 'checkout.cjm', { ...CHOICE, diagrams: ['journey'] }).mermaid.journey);
        }
    });

    test('other errors never hold the picture', async () => {
        const good = await checkoutModel();
        const unknown = await checkoutModel(text.join('\n').replace('  persona maya\n', '  persona nobody\n'));
        const drawn = buildRenderMessage(unknown, 'checkout.cjm', { ...CHOICE, diagrams: ['journey'] }, good);
        expect(drawn).toMatchObject({ lastGoodPicture: false, errorCount: 1, syntaxErrorCount: 0 });
        expect(drawn.mermaid.journey!.join('')).toContain('nobody');
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
