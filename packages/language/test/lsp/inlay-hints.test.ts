import type { LangiumDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import type { InlayHint } from 'vscode-languageserver';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { fixture, loadFiles } from '../test-workspace.js';

async function hintsOf(workspace: CjmWorkspace, document: LangiumDocument): Promise<InlayHint[]> {
    const range = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(document.textDocument.getText().length) };
    return await workspace.services.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range }) ?? [];
}

/** Each hint as the line of text it follows plus the hint, e.g. `feels curious hesitant: 0`. */
function rendered(document: LangiumDocument, hints: InlayHint[]): string[] {
    const lines = document.textDocument.getText().split('\n');
    return hints.map(hint => {
        const line = lines[hint.position.line].slice(0, hint.position.character).trim();
        return `${line}${hint.paddingLeft ? ' ' : ''}${String(hint.label)}`;
    });
}

describe('inlay hints', () => {
    test('the spec example: emotion lists get their score, computed metrics their value', async () => {
        const { workspace, documents } = await loadFiles({
            'personas.cjm': fixture('spec/personas.cjm'),
            'checkout.cjm': fixture('spec/checkout.cjm')
        });
        const document = documents['checkout.cjm'];
        const shown = rendered(document, await hintsOf(workspace, document));
        expect(shown).toEqual([
            'feels curious hesitant: 0',
            'expected interested: +1',
            'feels frustrated: −2',
            'expected interested: +1',
            'feels confused: −1',
            'expected accomplished: +2',
            // `feels -1.5` shows its number already: no hint.
            'feels delighted: +2',
            '} = 95%',
            'metric churn "Quarterly churn" { type churn start 1000 lost 50 } = 5%'
        ]);
    });

    test('a mean of several emotions, with the parts in the tooltip', async () => {
        const { workspace, documents } = await loadFiles({
            'map.cjm': 'journey j { stage s { touchpoint t {\n  feels happy confused frustrated\n} } }\n'
        });
        const [hint] = await hintsOf(workspace, documents['map.cjm']);
        expect(hint.label).toBe(': −0.67');
        expect(hint.tooltip).toBe('Mean of happy +1, confused −1, frustrated −2');
        expect(hint.position).toEqual({ line: 1, character: 33 });
    });

    test('no hint where the number would be wrong or is not computed', async () => {
        const { workspace, documents } = await loadFiles({
            'map.cjm': [
                'journey j {',
                '  stage s { touchpoint t {',
                '    feels happy nosuchemotion',
                '    expected 1',
                '  } }',
                '  metric a { type retention start 100 }',
                '  metric b { type nps value 40 }',
                '  metric c { type churn start 0 lost 0 }',
                '  metric d { type churn start 200 end 150 }',
                '}'
            ].join('\n')
        });
        const document = documents['map.cjm'];
        expect(rendered(document, await hintsOf(workspace, document))).toEqual(['metric d { type churn start 200 end 150 } = 25%']);
    });

    test('several personas: each list its score, and the last feels line the actual and lowest scores', async () => {
        const { workspace, documents } = await loadFiles({
            'map.cjm': 'persona tom persona maya\njourney j { persona maya, tom stage s { touchpoint t {\n  feels happy for maya\n  feels frustrated for tom\n  feels -1 for tom\n  expected happy\n} } }\n'
        });
        const document = documents['map.cjm'];
        // Tom's second line replaces his first: the mean is of happy (+1) and −1.
        expect(rendered(document, await hintsOf(workspace, document))).toEqual([
            'feels happy for maya: +1',
            'feels frustrated for tom: −2',
            'feels -1 for tom actual 0 · lowest −1 (tom)',
            'expected happy: +1'
        ]);
    });

    test('a user emotion score is used', async () => {
        const { workspace, documents } = await loadFiles({
            'map.cjm': 'emotions { calm 1.5 }\njourney j { stage s { touchpoint t {\n  feels calm\n} } }\n'
        });
        const document = documents['map.cjm'];
        expect(rendered(document, await hintsOf(workspace, document))).toEqual(['feels calm: +1.5']);
    });
});
