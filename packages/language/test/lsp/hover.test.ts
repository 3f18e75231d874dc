import type { LangiumDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import type { Hover } from 'vscode-languageserver';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { fixture, loadFiles } from '../test-workspace.js';

/** The Markdown of the hover at the start of the `occurrence`-th match of `needle`. */
async function hoverAt(workspace: CjmWorkspace, document: LangiumDocument, needle: string, occurrence = 0): Promise<string | undefined> {
    const text = document.textDocument.getText();
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) {
        offset = text.indexOf(needle, offset + 1);
    }
    expect(offset, `'${needle}' in the document`).toBeGreaterThanOrEqual(0);
    const hover: Hover | undefined = await workspace.services.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.uri.toString() },
        position: document.textDocument.positionAt(offset)
    });
    const contents = hover?.contents;
    return contents && typeof contents === 'object' && 'value' in contents ? contents.value : undefined;
}

const FAMILY = [
    'persona tom "Tom" persona maya "Maya <b>parent</b>"',
    'journey shop "Shopping" {',
    '  persona maya, tom',
    '  stage s { touchpoint search "Searches the shop" {',
    '    feels happy for maya',
    '    feels frustrated anxious for tom',
    '    feels neutral',
    '    expected delighted',
    '    pain "Too many results" source interviews',
    '  } }',
    '}'
].join('\n');

async function specWorkspace() {
    const { workspace, documents } = await loadFiles({
        'personas.cjm': fixture('spec/personas.cjm'),
        'checkout.cjm': fixture('spec/checkout.cjm')
    });
    return { workspace, personas: documents['personas.cjm'], checkout: documents['checkout.cjm'] };
}

describe('hover', () => {
    test('a persona reference shows the persona card from the other file', async () => {
        const { workspace, checkout } = await specWorkspace();
        const card = await hoverAt(workspace, checkout, 'maya');
        expect(card).toContain('**Maya, busy parent**');
        expect(card).toContain('**Role:** Parent of two, works full time');
        expect(card).toContain('**Age:** 38');
        expect(card).toContain('**Location:** Leeds, UK');
        expect(card).toContain('**Goals**\n\n- Buy school supplies in under ten minutes');
        expect(card).toContain('**Needs**\n\n- Clear delivery dates');
        expect(card).toContain('**Frustrations**\n\n- Hidden delivery costs');
        expect(card).toContain('> I do my shopping on the bus\\.');
        expect(card).toContain('**Segment:** Value seekers');
        expect(card).toContain('**Validated:** Focus group, October 2026');
    });

    test('the persona declaration shows the same card; an unvalidated persona says so', async () => {
        const { workspace, documents } = await loadFiles({ 'p.cjm': 'persona sam "Sam" {\n  role "Student"\n}\n' });
        const card = await hoverAt(workspace, documents['p.cjm'], 'sam');
        expect(card).toContain('**Sam**');
        expect(card).toContain('**Role:** Student');
        expect(card).toContain('Not validated with real customers yet');
        expect(card).not.toContain('**Goals**');
    });

    test('user text is escaped so Markdown and HTML show literally', async () => {
        const { workspace, documents } = await loadFiles({
            'p.cjm': 'persona x "<img src=x onerror=alert(1)> **bold** [link](http://e.com)" {\n  goal "# not a heading"\n  quote "`code` _em_"\n}\n'
        });
        const card = await hoverAt(workspace, documents['p.cjm'], 'x "');
        // The address gets word joiners (U+2060), so that no viewer links it.
        expect(card).toContain('\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*\\*bold\\*\\* \\[link\\]\\(http:\u2060//e\\.\u2060com\\)');
        expect(card).toContain('- \\# not a heading');
        expect(card).toContain('> \\`code\\` \\_em\\_');
        expect(card).not.toMatch(/(^|[^\\])<img/);
    });

    test('an emotion shows its score and where it is declared', async () => {
        const { workspace, checkout } = await specWorkspace();
        const curious = await hoverAt(workspace, checkout, 'curious');
        expect(curious).toContain('**curious** · emotion · score **+1**');
        expect(curious).toContain('Built-in emotion');
        const hesitant = await hoverAt(workspace, checkout, 'hesitant');
        expect(hesitant).toContain('score **−1**');
    });

    test('a user emotion names its file and the built-in score it overrides', async () => {
        const { workspace, documents } = await loadFiles({
            'scale.cjm': 'emotions {\n  overwhelmed -1\n  calm 1\n}\n',
            'map.cjm': 'journey j { stage s { touchpoint t { feels overwhelmed calm } } }\n'
        });
        const overwhelmed = await hoverAt(workspace, documents['map.cjm'], 'overwhelmed');
        expect(overwhelmed).toContain('score **−1**');
        expect(overwhelmed).toContain('Declared in `scale.cjm`.');
        expect(overwhelmed).toContain('Overrides the built-in score −2.');
        const calm = await hoverAt(workspace, documents['map.cjm'], 'calm');
        expect(calm).toContain('score **+1**');
        expect(calm).not.toContain('Overrides');
    });

    test('a computed metric shows its value, formula and target', async () => {
        const { workspace, checkout } = await specWorkspace();
        const retention = await hoverAt(workspace, checkout, 'retention "Quarterly');
        expect(retention).toContain('**Quarterly retention**');
        expect(retention).toContain('type retention · period Q3 2026');
        expect(retention).toContain('**Value:** 95% (computed)');
        expect(retention).toContain('**Formula:** (end − new) ÷ start × 100 % = (950 − 0) ÷ 1000 × 100 %');
        expect(retention).toContain('**Target:** 96%');
        const churn = await hoverAt(workspace, checkout, 'churn "Quarterly');
        expect(churn).toContain('**Value:** 5% (computed)');
        expect(churn).toContain('lost ÷ start × 100 % = 50 ÷ 1000 × 100 %');
    });

    test('a declared metric shows its value and target; a metric lacking inputs says what it needs', async () => {
        const { workspace, checkout } = await specWorkspace();
        const nps = await hoverAt(workspace, checkout, 'nps "Net');
        expect(nps).toContain('**Value:** 42 (declared)');
        expect(nps).toContain('**Target:** 50');
        expect(nps).not.toContain('Formula');
        const { workspace: other, documents } = await loadFiles({ 'm.cjm': 'journey j { metric r { type retention start 100 } }\n' });
        const lacking = await hoverAt(other, documents['m.cjm'], 'r {');
        expect(lacking).toContain('**Value:** —');
        expect(lacking).toContain('Needs `end` to compute its value.');
    });

    test('a touchpoint shows its actual and expected score, from its declaration or a scenario path', async () => {
        const { workspace, checkout } = await specWorkspace();
        const declaration = await hoverAt(workspace, checkout, 'ad "Instagram');
        expect(declaration).toContain('**Instagram ad**');
        expect(declaration).toContain('in stage Awareness');
        expect(declaration).toContain('**Actual:** 0 (curious, hesitant)');
        expect(declaration).toContain('**Expected:** +1 (interested)');
        expect(declaration).toContain('**Gap:** +1 (expected − actual)');
        const inPath = await hoverAt(workspace, checkout, 'pay ->');
        expect(inPath).toContain('**Checkout process**');
        expect(inPath).toContain('**Actual:** −1 (confused)');
        expect(inPath).toContain('**Expected:** +2 (accomplished)');
        const chat = await hoverAt(workspace, checkout, 'chat "Support');
        expect(chat).toContain('**Actual:** −1.5');
        expect(chat).toContain('**Expected:** —');
    });

    test('channels and teams show their title', async () => {
        const { workspace, checkout } = await specWorkspace();
        const social = await hoverAt(workspace, checkout, 'social');
        expect(social).toContain('**Social media**');
        expect(social).toContain('*channel* `social` (built-in)');
        const team = await hoverAt(workspace, checkout, 'marketing');
        expect(team).toContain('**Marketing**');
        expect(team).toContain('*team* `marketing`');
        expect(team).not.toContain('built-in');
    });

    test('text being typed: fields without values are skipped, never a crash', async () => {
        const { workspace, documents } = await loadFiles({
            'a.cjm': 'persona p { goal goal "Save time" quote }\nemotions { calm }\njourney j { persona p stage s { touchpoint t { owner\n channel\n feels calm } } }\n'
        });
        const document = documents['a.cjm'];
        const persona = await hoverAt(workspace, document, 'p {');
        expect(persona).toContain('**Goals**\n\n- Save time');
        expect(persona).not.toContain('>');
        expect(await hoverAt(workspace, document, 'calm }')).toContain('score **?**');
        const touchpoint = await hoverAt(workspace, document, 't {');
        expect(touchpoint).toContain('**Actual:** unknown');
        expect(touchpoint).not.toContain('Owner');
    });

    test('on `feels` and `for`: every persona\'s score at the touchpoint, the mean and the lowest', async () => {
        const { workspace, documents } = await loadFiles({ 'family.cjm': FAMILY });
        const document = documents['family.cjm'];
        const card = await hoverAt(workspace, document, 'feels frustrated');
        expect(card).toBe([
            '**Searches the shop** · feels',
            '- Maya \\<b\\>parent\\</b\\> (`maya`): +1 (happy)\n- Tom (`tom`): −1.5 (frustrated, anxious)\n- Everyone else: 0 (neutral)',
            '**Actual:** −0.17 (mean) · **Lowest:** −1.5 (Tom (`tom`))'
        ].join('\n\n'));
        expect(await hoverAt(workspace, document, 'for tom')).toBe(card);
        // The emotion and persona names keep their own cards.
        expect(await hoverAt(workspace, document, 'anxious')).toContain('emotion · score');
        expect(await hoverAt(workspace, document, 'tom\n')).toContain('*persona* `tom`');
        const touchpoint = await hoverAt(workspace, document, 'search');
        expect(touchpoint).toContain('**Actual:** −0.17 (mean of 3 lines; lowest −1.5 (Tom (`tom`)))');
        expect(touchpoint).toContain('**Gap:** +2.17 (expected − actual)');
    });

    test('keywords and prose give no hover', async () => {
        const { workspace, checkout } = await specWorkspace();
        expect(await hoverAt(workspace, checkout, 'touchpoint')).toBeUndefined();
        expect(await hoverAt(workspace, checkout, 'Taps the ad')).toBeUndefined();
    });
});
