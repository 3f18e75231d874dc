import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { fixture, loadFiles } from '../test-workspace.js';

/** SymbolKind's names by value (the protocol's SymbolKind is a namespace of constants, not an enum). */
const KIND_NAMES = new Map(Object.entries(SymbolKind).map(([name, value]) => [value as number, name]));

/** An outline as indented lines: `kind name — detail`. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
    return symbols.flatMap(symbol => [
        `${'  '.repeat(depth)}${KIND_NAMES.get(symbol.kind)} ${symbol.name}${symbol.detail ? ` — ${symbol.detail}` : ''}`,
        ...outline(symbol.children ?? [], depth + 1)
    ]);
}

async function specDocuments() {
    const { workspace, documents } = await loadFiles({
        'personas.cjm': fixture('spec/personas.cjm'),
        'checkout.cjm': fixture('spec/checkout.cjm')
    });
    return { lsp: workspace.services.lsp, personas: documents['personas.cjm'], checkout: documents['checkout.cjm'] };
}

describe('document symbols', () => {
    test('journey > stage > touchpoint, with scenarios, metrics and emotions, titles in detail', async () => {
        const { lsp, checkout } = await specDocuments();
        const symbols = await lsp.DocumentSymbolProvider!.getSymbols(checkout, { textDocument: { uri: checkout.uri.toString() } });
        expect(outline(symbols)).toEqual([
            'EnumMember overwhelmed — −2',
            'Module checkout — Online checkout',
            '  Namespace awareness — Awareness',
            '    Event ad — Instagram ad',
            '  Namespace consideration — Consideration',
            '    Event visit — Website visit',
            '  Namespace acquisition — Acquisition',
            '    Event pay — Checkout process',
            '      Number conversion — Checkout conversion · 2.1%',
            '  Namespace service — Service',
            '    Event chat — Support chat',
            '  Namespace loyalty — Loyalty',
            '    Event review — Writes a review',
            '  Function referral — Recommended by a friend',
            '  Number retention — Quarterly retention · 95%',
            '  Number churn — Quarterly churn · 5%',
            '  Number nps — Net Promoter Score · 42'
        ]);
    });

    test('personas, channels and teams of a library file', async () => {
        const { lsp, personas } = await specDocuments();
        const symbols = await lsp.DocumentSymbolProvider!.getSymbols(personas, { textDocument: { uri: personas.uri.toString() } });
        expect(outline(symbols)).toEqual([
            'Class maya — Maya, busy parent',
            'Interface app — Mobile app',
            'Struct support — Customer Support',
            'Struct marketing — Marketing',
            'Struct product — Product'
        ]);
    });

    test('ranges: the whole element, and its name for selection', async () => {
        const { lsp, checkout } = await specDocuments();
        const [, journey] = await lsp.DocumentSymbolProvider!.getSymbols(checkout, { textDocument: { uri: checkout.uri.toString() } });
        const text = checkout.textDocument;
        expect(text.getText(journey.selectionRange)).toBe('checkout');
        expect(text.getText(journey.range)).toMatch(/^journey checkout "Online checkout" \{[\s\S]*\}$/);
        const ad = journey.children![0].children![0];
        expect(text.getText(ad.range)).toMatch(/^touchpoint ad "Instagram ad" \{[\s\S]*owner marketing\n {4}\}$/);
    });

    test('a broken document still gets an outline of what parses', async () => {
        const { workspace, documents } = await loadFiles({
            'broken.cjm': 'journey j "J" {\n  stage s "S" {\n    touchpoint t "T" {\n      feels\n'
        });
        const document = documents['broken.cjm'];
        const symbols = await workspace.services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        expect(outline(symbols)).toEqual(['Module j — J', '  Namespace s — S', '    Event t — T']);
    });
});

describe('folding ranges', () => {
    test('every multi-line block folds: persona, emotions, journey, stages, touchpoints, metrics', async () => {
        const { lsp, checkout, personas } = await specDocuments();
        const foldings = await lsp.FoldingRangeProvider!.getFoldingRanges(checkout, { textDocument: { uri: checkout.uri.toString() } });
        const lines = checkout.textDocument.getText().split('\n');
        const starts = foldings.map(f => lines[f.startLine].trim());
        for (const header of [
            'emotions {',
            'journey checkout "Online checkout" {',
            'stage awareness "Awareness" {',
            'touchpoint ad "Instagram ad" {',
            'opportunity "Deep-link the ad to the product page" {',
            'scenario referral "Recommended by a friend" {',
            'metric retention "Quarterly retention" {'
        ]) {
            expect(starts, header).toContain(header);
        }
        // One-line elements do not fold.
        expect(starts.some(s => s.startsWith('metric churn'))).toBe(false);
        const ad = foldings.find(f => lines[f.startLine].trim().startsWith('touchpoint ad'))!;
        expect(lines[ad.endLine + 1].trim()).toBe('}');
        const personaFolds = await lsp.FoldingRangeProvider!.getFoldingRanges(personas, { textDocument: { uri: personas.uri.toString() } });
        expect(personaFolds.map(f => personas.textDocument.getText().split('\n')[f.startLine].trim())).toContain('persona maya "Maya, busy parent" {');
    });
});

describe('robustness', () => {
    test('outline, folding, hover, inlay hints and completion never throw on broken text', async () => {
        // Both files in one text, so persona fields and journeys are mutated together.
        const spec = fixture('spec/personas.cjm') + fixture('spec/checkout.cjm');
        const { workspace } = await loadFiles({});
        const lsp = workspace.services.lsp;
        const edit = fc.record({
            at: fc.integer({ min: 0, max: spec.length }),
            remove: fc.integer({ min: 0, max: 120 }),
            insert: fc.constantFrom('', '}', '{', '"', 'feels', 'owner', 'channel', 'metric m {', 'persona', 'goal', 'quote', 'emotions { calm }', '->', '-9', 'value', '%', 'touchpoint')
        });
        let run = 0;
        await fc.assert(fc.asyncProperty(
            fc.array(edit, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 10_000 }),
            async (edits, cursorSeed) => {
                const text = edits.reduce((t, e) => t.slice(0, e.at) + ` ${e.insert} ` + t.slice(e.at + e.remove), spec);
                const [document] = await workspace.load([{ uri: `file:///ws/fuzz-${run++}.cjm`, text }]);
                const id = { textDocument: { uri: document.uri.toString() } };
                const position = document.textDocument.positionAt(cursorSeed % (text.length + 1));
                await lsp.DocumentSymbolProvider!.getSymbols(document, id);
                await lsp.FoldingRangeProvider!.getFoldingRanges(document, id);
                await lsp.CompletionProvider!.getCompletion(document, { ...id, position });
                await lsp.InlayHintProvider!.getInlayHints(document, { ...id, range: { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) } });
                // A hover on every word: every name and reference answers without throwing.
                for (const word of text.matchAll(/\w+/g)) {
                    await lsp.HoverProvider!.getHoverContent(document, { ...id, position: document.textDocument.positionAt(word.index) });
                }
            }
        ), { numRuns: 150 });
    });
});
