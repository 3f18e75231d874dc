import type { LangiumDocument } from 'langium';
import type { CompletionContext } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { CompletionItem, Position } from 'vscode-languageserver';
import type { CjmServices } from '../../src/cjm-module.js';
import { CjmCompletionProvider } from '../../src/lsp/completion/cjm-completion-provider.js';
import { fixture, loadFiles } from '../test-workspace.js';

// The CJM provider reads completion contexts from the parsed CST instead of re-lexing the document
// and re-parsing it from offset 0. These tests hold it to exactly what Langium's own context
// computation gives (with the same CJM items on top), at the positions the shortcut serves and
// at every position of whole documents, with and without syntax errors.

type BuildContexts = (this: CjmCompletionProvider, document: LangiumDocument, position: Position) => IterableIterator<CompletionContext>;
// The method is protected; the reference provider below needs Langium's own version of it.
const langiumBuildContexts = (DefaultCompletionProvider.prototype as unknown as { buildContexts: BuildContexts }).buildContexts;

/** CJM completion with Langium's context computation: the behaviour before the fast path. */
class FromOffsetZero extends CjmCompletionProvider {
    protected override buildContexts(document: LangiumDocument, position: Position): IterableIterator<CompletionContext> {
        return langiumBuildContexts.call(this, document, position);
    }
}

interface Loaded {
    services: CjmServices;
    document: LangiumDocument;
    fast: CjmCompletionProvider;
    reference: FromOffsetZero;
}

/** `text` as `main.cjm` beside the spec's persona library, with both providers. */
async function load(text: string): Promise<Loaded> {
    const { workspace, documents } = await loadFiles({ 'personas.cjm': fixture('spec/personas.cjm'), 'main.cjm': text });
    const services = workspace.services;
    return { services, document: documents['main.cjm'], fast: services.lsp.CompletionProvider as CjmCompletionProvider, reference: new FromOffsetZero(services) };
}

async function complete(provider: CjmCompletionProvider, document: LangiumDocument, offset: number): Promise<CompletionItem[]> {
    const position = document.textDocument.positionAt(offset);
    const list = await provider.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position });
    return list?.items ?? [];
}

/** Loads `text` with the cursor at `<|>` removed; returns the provider's and the reference's items. */
async function both(marked: string): Promise<{ fast: CompletionItem[]; reference: CompletionItem[]; loaded: Loaded; offset: number }> {
    const offset = marked.indexOf('<|>');
    const loaded = await load(marked.replace('<|>', ''));
    return {
        fast: await complete(loaded.fast, loaded.document, offset),
        reference: await complete(loaded.reference, loaded.document, offset),
        loaded,
        offset
    };
}

function touchpoint(body: string, before = '', after = ''): string {
    return `${before}\njourney j "J" {\n  persona maya\n  stage s "S" {\n    touchpoint t "T" {\n      ${body}\n    }\n  }\n}\n${after}`;
}

const scenario = (path: string, before = ''): string => [
    before,
    'journey one "One" {',
    '  stage a "A" {',
    '    touchpoint ad "Instagram ad" { feels curious }',
    '    touchpoint pay "Checkout" { feels happy }',
    '  }',
    `  scenario quick "Quick" { ${path} }`,
    '}'
].join('\n');

// A persona whose body breaks off, then a journey: an error before the cursor's element.
const BROKEN_BEFORE = 'persona broken "Broken" {\n  role\n}\nteam growth "Growth"\n';
// A stage without its closing brace at the end of the file: an error after the cursor.
const BROKEN_AFTER = 'journey later "Later" {\n  stage x "X" {\n';

afterEach(() => {
    vi.restoreAllMocks();
});

describe('completion from the parsed document equals Langium re-parsing from offset 0', () => {
    const cases: Array<[string, string, string[]]> = [
        ['after `owner `', touchpoint('owner <|>'), ['marketing', 'product', 'support']],
        ['in a partly typed reference `owner mar`', touchpoint('owner mar<|>'), ['marketing']],
        ['`owner gro` with the team declared in the same file', touchpoint('owner gro<|>', 'team growth "Growth"'), ['growth']],
        ['inside a reference `owner mar|keting`', touchpoint('owner mar<|>keting'), ['marketing']],
        ['after `feels ` and a first emotion', touchpoint('feels curious <|>'), ['hesitant', 'frustrated']],
        ['a second emotion begun', touchpoint('feels curious hes<|>'), ['hesitant']],
        ['a scenario path after `->`', scenario('path ad -> <|>'), ['pay']],
        ['`owner ` with a syntax error in an element before', touchpoint('owner <|>', BROKEN_BEFORE), ['growth', 'marketing']],
        ['`owner ` with an unclosed stage after', touchpoint('owner <|>', '', BROKEN_AFTER), ['marketing']],
        ['a second emotion with a syntax error before', touchpoint('feels curious <|>', BROKEN_BEFORE), ['hesitant']],
        ['a scenario path with a syntax error before', scenario('path ad -> <|>', BROKEN_BEFORE), ['pay']],
        ['`owner ` with the next property on the same line', touchpoint('owner <|> channel web'), ['marketing']],
        ['`owner` on a line of its own before `channel`', touchpoint('owner <|>\n      channel web'), ['marketing']]
    ];
    test.each(cases)('%s', async (_name, marked, expected) => {
        const { fast, reference } = await both(marked);
        const labels = fast.map(i => i.label);
        for (const label of expected) {
            expect(labels).toContain(label);
        }
        expect(fast).toEqual(reference);
    });

    test('at a reference after `owner `, nothing is re-parsed', async () => {
        const marked = touchpoint('owner <|>');
        const offset = marked.indexOf('<|>');
        const loaded = await load(marked.replace('<|>', ''));
        const parse = vi.spyOn(loaded.services.parser.CompletionParser, 'parse');
        const items = await complete(loaded.fast, loaded.document, offset);
        expect(items.map(i => i.label)).toContain('marketing');
        expect(parse).not.toHaveBeenCalled();
    });

    test('after an error earlier in the same element, only that element is re-parsed', async () => {
        const prefix = 'persona p "P"\n'.repeat(50);
        const marked = prefix + touchpoint('does\n      channel <|>');
        const offset = marked.indexOf('<|>');
        const loaded = await load(marked.replace('<|>', ''));
        const parse = vi.spyOn(loaded.services.parser.CompletionParser, 'parse');
        const items = await complete(loaded.fast, loaded.document, offset);
        const fastInputs = parse.mock.calls.map(call => call[0]);
        expect(items).toEqual(await complete(loaded.reference, loaded.document, offset));
        expect(fastInputs.length).toBeGreaterThan(0);
        for (const input of fastInputs) {
            expect(input.startsWith('\njourney j') || input.startsWith('journey j'), input).toBe(true);
        }
    });
});

describe('completion in long broken text stays within the request budget', () => {
    /** `journey j { stage s0 { touchpoint t0 { stage s1 { …` with every level closed: a syntax error at each level. */
    const nested = (levels: number) => `journey j { ${Array.from({ length: levels }, (_, i) => `stage s${i} { touchpoint t${i} { `).join('')}${'} '.repeat(2 * levels)}}`;

    test('each text is re-parsed once per request, however many contexts need it', async () => {
        const text = nested(100);
        const loaded = await load(text);
        const parse = vi.spyOn(loaded.services.parser.CompletionParser, 'parse');
        await complete(loaded.fast, loaded.document, text.length);
        const inputs = parse.mock.calls.map(call => call[0]);
        expect(inputs.length).toBeGreaterThan(0);
        expect(new Set(inputs).size).toBe(inputs.length);
    });

    test('after 10,000 levels nothing long is re-parsed, and the end of the journey offers what starts an element', async () => {
        const text = nested(5_000);
        const loaded = await load(text);
        const parse = vi.spyOn(loaded.services.parser.CompletionParser, 'parse');
        const started = performance.now();
        const items = await complete(loaded.fast, loaded.document, text.length);
        // 1.3-1.6 s before, re-parsing the 180 KB journey three times; now a few ms.
        expect(performance.now() - started).toBeLessThan(1_000);
        expect(Math.max(0, ...parse.mock.calls.map(call => call[0].length))).toBeLessThanOrEqual(32_000);
        expect(items.map(item => item.label)).toEqual(expect.arrayContaining(['persona', 'channel', 'team', 'emotions', 'journey']));
        // Inside the levels, a touchpoint's members, as error recovery read the text.
        const inside = text.indexOf('touchpoint t2500 { ') + 'touchpoint t2500 { '.length;
        expect((await complete(loaded.fast, loaded.document, inside)).map(item => item.label)).toEqual(expect.arrayContaining(['channel', 'does', 'feels', 'owner']));
    });
});

describe('positions all over whole documents', () => {
    /** Every boundary between a word character and another, and every third offset besides (all of them would take minutes). */
    function positions(text: string): number[] {
        const word = (i: number): boolean => /[\w-]/.test(text.charAt(i));
        const all: number[] = [];
        for (let offset = 0; offset <= text.length; offset++) {
            if (offset % 3 === 0 || word(offset - 1) !== word(offset)) {
                all.push(offset);
            }
        }
        return all;
    }

    /** Compares both providers at the `positions` of `text`; returns how many were compared. */
    async function sweep(text: string): Promise<number> {
        const { document, fast, reference } = await load(text);
        let compared = 0;
        for (const offset of positions(text)) {
            const got = await complete(fast, document, offset);
            const want = await complete(reference, document, offset);
            expect(got, `at offset ${offset}: …${JSON.stringify(text.slice(Math.max(0, offset - 30), offset))}|`).toEqual(want);
            compared++;
        }
        return compared;
    }

    test('the spec example', async () => {
        expect(await sweep(fixture('spec/checkout.cjm'))).toBeGreaterThan(800);
    }, 120_000);

    test('the spec example with a broken persona before it and an unclosed stage after', async () => {
        expect(await sweep(BROKEN_BEFORE + fixture('spec/checkout.cjm') + BROKEN_AFTER)).toBeGreaterThan(800);
    }, 120_000);

    test('the spec example with a line half typed in its middle', async () => {
        const text = fixture('spec/checkout.cjm').replace('owner product', 'owner pro\n      pain "x" source');
        expect(await sweep(text)).toBeGreaterThan(800);
    }, 120_000);

    test('comments, unknown characters and keywords used as names', async () => {
        const text = [
            '/* library */ team support "Support" // trailing',
            'source logs',
            'emotions { /* inline */ calm 1 ~ }',
            'journey j { stage s { touchpoint t { feels calm /* c */ happy',
            '  support support, /* x */ support pain "p" source logs severity high',
            '  opportunity "o" { owner support status done } moment-of-truth metric m { type nps value 3 % }',
            '} } scenario sc { persona maya path t -> t } }',
            'persona q "Q" { age 3 quote "q" } channel c'
        ].join('\n');
        expect(await sweep(text)).toBeGreaterThan(200);
    }, 120_000);
});
