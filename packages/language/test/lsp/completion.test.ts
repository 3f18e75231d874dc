import { expectCompletion } from 'langium/test';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { CjmServices } from '../../src/cjm-module.js';
import { fixture, loadFiles } from '../test-workspace.js';

let services: CjmServices;

beforeAll(async () => {
    // The persona library and the built-in library are in the workspace, as in the language server.
    const { workspace } = await loadFiles({ 'personas.cjm': fixture('spec/personas.cjm') });
    services = workspace.services;
});

/** The completion list at `<|>` in `text`. */
async function completeAt(text: string): Promise<CompletionItem[]> {
    let result: CompletionList | undefined;
    await expectCompletion(services)({ text, index: 0, assert: list => { result = list; }, disposeAfterCheck: true });
    return result?.items ?? [];
}

function item(items: CompletionItem[], label: string, kind?: CompletionItemKind): CompletionItem {
    const found = items.filter(i => i.label === label && (kind === undefined || i.kind === kind));
    expect(found, `exactly one completion '${label}' among ${items.map(i => i.label).join(', ')}`).toHaveLength(1);
    return found[0];
}

function touchpoint(body: string, before = ''): string {
    return `${before}\njourney j "J" {\n  persona maya\n  stage s "S" {\n    touchpoint t "T" {\n      ${body}\n    }\n  }\n}\n`;
}

describe('completion of references', () => {
    test('emotions after `feels` show their score, built-ins marked, user declarations first', async () => {
        const items = await completeAt(touchpoint('feels <|>', 'emotions {\n  calm 1\n  overwhelmed -1\n}'));
        expect(item(items, 'curious').detail).toBe('+1 (built-in)');
        expect(item(items, 'frustrated').detail).toBe('−2 (built-in)');
        expect(item(items, 'neutral').detail).toBe('0 (built-in)');
        expect(item(items, 'calm').detail).toBe('+1');
        // The user's `overwhelmed` shadows the built-in one: offered once, with the user's score.
        expect(item(items, 'overwhelmed').detail).toBe('−1');
        expect(item(items, 'calm').kind).toBe(CompletionItemKind.EnumMember);
        expect(item(items, 'calm').sortText! < item(items, 'curious').sortText!).toBe(true);
    });

    test('personas after `feels … for`: the journey\'s and the touchpoint\'s first, then the others', async () => {
        const map = (body: string) => `persona tom "Tom" persona ann "Ann"\njourney j "J" {\n  persona maya\n  stage s "S" {\n    touchpoint t "T" {\n      persona tom\n      ${body}\n    }\n  }\n}\n`;
        for (const text of [map('feels happy for <|>'), map('feels -1 for <|>\n      feels neutral')]) {
            const items = await completeAt(text);
            const personas = items.filter(i => i.kind === CompletionItemKind.Reference || ['maya', 'tom', 'ann'].includes(String(i.label)));
            const order = [...personas].sort((a, b) => a.sortText!.localeCompare(b.sortText!) || String(a.label).localeCompare(String(b.label))).map(i => i.label);
            expect(order.slice(0, 2).sort()).toEqual(['maya', 'tom']);
            expect(order).toContain('ann');
            expect(item(items, 'ann').sortText! > item(items, 'tom').sortText!).toBe(true);
            expect(item(items, 'maya').detail).toBe('Maya, busy parent');
        }
    });

    test('emotions after `expected` and after a first emotion', async () => {
        const items = await completeAt(touchpoint('feels curious <|>'));
        expect(item(items, 'hesitant').detail).toBe('−1 (built-in)');
        // A second name already begun: only the typed prefix is replaced.
        const begun = await completeAt(touchpoint('feels curious hes<|>'));
        const hesitant = item(begun, 'hesitant');
        expect(hesitant.textEdit && 'range' in hesitant.textEdit ? hesitant.textEdit.range : undefined)
            .toEqual({ start: { line: 5, character: 20 }, end: { line: 5, character: 23 } });
        const expected = await completeAt(touchpoint('expected <|>'));
        expect(item(expected, 'accomplished').detail).toBe('+2 (built-in)');
    });

    test('personas of another file in the journey, with their title', async () => {
        const items = await completeAt('journey j "J" {\n  persona <|>\n}\n');
        expect(item(items, 'maya').detail).toBe('Maya, busy parent');
        expect(item(items, 'maya').kind).toBe(CompletionItemKind.Class);
        expect(items.some(i => i.label === 'web')).toBe(false);
    });

    test('channels: a user channel shadows the built-in of the same name and sorts first', async () => {
        const items = await completeAt(touchpoint('channel <|>'));
        // personas.cjm declares `channel app "Mobile app"`, which the built-in library also has.
        expect(item(items, 'app').detail).toBe('Mobile app');
        expect(item(items, 'web').detail).toBe('Website (built-in)');
        expect(item(items, 'word-of-mouth').detail).toBe('Word of mouth (built-in)');
        expect(item(items, 'app').sortText! < item(items, 'web').sortText!).toBe(true);
        expect(items.some(i => i.label === 'maya')).toBe(false);
    });

    test('teams after `owner` and `support`', async () => {
        const owners = await completeAt(touchpoint('owner <|>'));
        expect(item(owners, 'support').detail).toBe('Customer Support');
        expect(item(owners, 'marketing').detail).toBe('Marketing');
        const supporters = await completeAt(touchpoint('support product, <|>'));
        expect(item(supporters, 'marketing').detail).toBe('Marketing');
    });

    test('evidence sources after `source`', async () => {
        const items = await completeAt(touchpoint('pain "Slow" source <|>'));
        expect(item(items, 'interviews').detail).toBe('Customer interviews (built-in)');
        expect(item(items, 'usability-test').detail).toBe('Usability test (built-in)');
    });

    test('scenario paths offer the touchpoints of the same journey only', async () => {
        const text = [
            'journey one "One" {',
            '  persona maya',
            '  stage a "A" {',
            '    touchpoint ad "Instagram ad" { feels curious }',
            '    touchpoint pay "Checkout" { feels happy }',
            '  }',
            '  scenario quick "Quick" {',
            '    path ad -> <|>',
            '  }',
            '}',
            'journey two "Two" {',
            '  persona maya',
            '  stage b "B" {',
            '    touchpoint elsewhere "Elsewhere" { feels happy }',
            '  }',
            '}'
        ].join('\n');
        const items = await completeAt(text);
        const touchpoints = items.filter(i => i.kind === CompletionItemKind.Event).map(i => i.label).sort();
        expect(touchpoints).toEqual(['ad', 'pay']);
        expect(item(items, 'pay').detail).toBe('Checkout · A');
    });
});

describe('keywords and snippets', () => {
    test('at the top level: element keywords and a journey snippet', async () => {
        const items = await completeAt('<|>');
        for (const keyword of ['persona', 'channel', 'team', 'emotions', 'journey']) {
            expect(item(items, keyword, CompletionItemKind.Keyword).detail).toBe('Keyword');
        }
        const snippet = item(items, 'journey', CompletionItemKind.Snippet);
        expect(snippet.insertTextFormat).toBe(InsertTextFormat.Snippet);
        expect(snippet.textEdit?.newText).toMatch(/^journey \$\{1:id\} "\$\{2:Title\}" \{\n {2}persona /);
        expect(snippet.textEdit?.newText).toContain('stage ${5:stage}');
        expect(items.some(i => i.kind === CompletionItemKind.Snippet && i.label !== 'journey')).toBe(false);
    });

    test('a typed prefix still gets the snippet, replacing the prefix', async () => {
        const items = await completeAt('persona p\njou<|>');
        const snippet = item(items, 'journey', CompletionItemKind.Snippet);
        expect(snippet.textEdit && 'range' in snippet.textEdit ? snippet.textEdit.range : undefined)
            .toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    });

    test('inside a journey: a stage snippet, not a journey or touchpoint one', async () => {
        const items = await completeAt('journey j "J" {\n  persona maya\n  <|>\n}\n');
        const snippets = items.filter(i => i.kind === CompletionItemKind.Snippet).map(i => i.label);
        expect(snippets).toEqual(['stage']);
        expect(item(items, 'stage', CompletionItemKind.Snippet).insertText).toContain('touchpoint ${3:touchpoint}');
        for (const keyword of ['stage', 'scenario', 'metric', 'description', 'persona']) {
            item(items, keyword, CompletionItemKind.Keyword);
        }
    });

    test('inside a stage: a touchpoint snippet', async () => {
        const items = await completeAt('journey j "J" {\n  stage s "S" {\n    <|>\n  }\n}\n');
        const snippets = items.filter(i => i.kind === CompletionItemKind.Snippet).map(i => i.label);
        expect(snippets).toEqual(['touchpoint']);
        expect(item(items, 'touchpoint', CompletionItemKind.Snippet).insertTextFormat).toBe(InsertTextFormat.Snippet);
        item(items, 'expectation', CompletionItemKind.Keyword);
    });

    test('inside a touchpoint: property keywords, no element snippets', async () => {
        const items = await completeAt(touchpoint('<|>'));
        for (const keyword of ['channel', 'does', 'thinks', 'feels', 'expected', 'pain', 'opportunity', 'owner', 'moment-of-truth', 'metric']) {
            item(items, keyword, CompletionItemKind.Keyword);
        }
        expect(items.filter(i => i.kind === CompletionItemKind.Snippet)).toEqual([]);
    });
});
