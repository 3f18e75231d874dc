import type { LangiumDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import type { SemanticTokenProvider } from 'langium/lsp';
import { decodeSemanticTokens } from '../../../../test/support/semantic-tokens.js';
import { loadFiles } from '../test-workspace.js';

/** `"text" type modifiers` for each token of a document, decoded with the provider's legend. */
async function tokensOf(provider: SemanticTokenProvider, document: LangiumDocument): Promise<string[]> {
    const { data } = await provider.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
    const lines = document.textDocument.getText().split('\n');
    return decodeSemanticTokens(data, { tokenTypes: Object.keys(provider.tokenTypes), tokenModifiers: Object.keys(provider.tokenModifiers) })
        .map(({ line, character, length, type, modifiers }) => `${lines[line].slice(character, character + length)} ${type}${modifiers.length ? ` ${modifiers.join(',')}` : ''}`);
}

async function tokens(files: Record<string, string>, name: string): Promise<string[]> {
    const { workspace, documents } = await loadFiles(files);
    return tokensOf(workspace.services.lsp.SemanticTokenProvider!, documents[name]);
}

describe('semantic tokens', () => {
    test('keywords that are names (`metric retention`, `team support`) are typed as the names they are', async () => {
        const text = 'team support "Support"\njourney j {\n  stage s {\n    touchpoint t {\n      feels happy\n      support support\n      metric retention { type retention start 100 end 95 }\n    }\n  }\n}\n';
        expect(await tokens({ 'a.cjm': text }, 'a.cjm')).toEqual([
            'team keyword', 'support enum declaration', '"Support" string',
            'journey keyword', 'j namespace declaration',
            'stage keyword', 's struct declaration',
            'touchpoint keyword', 't function declaration',
            'feels keyword', 'happy enumMember readonly,defaultLibrary',
            'support keyword', 'support enum',
            'metric keyword', 'retention property declaration', 'type keyword', 'retention keyword', 'start keyword', '100 number', 'end keyword', '95 number'
        ]);
    });

    test('a block comment is one token per line; an unresolved reference still gets its kind\'s type', async () => {
        const text = '/* first\n   second */\njourney j {\n  persona nobody\n}\n';
        expect(await tokens({ 'a.cjm': text }, 'a.cjm')).toEqual([
            '/* first comment', '   second */ comment', 'journey keyword', 'j namespace declaration', 'persona keyword', 'nobody class'
        ]);
    });

    test('a user emotion named like a built-in is the user\'s (not read-only); the built-in library\'s own declarations are', async () => {
        const text = 'emotions { happy 2 }\njourney j { stage s { touchpoint t { feels happy curious } } }\n';
        const shown = await tokens({ 'a.cjm': text }, 'a.cjm');
        expect(shown.filter(token => token.startsWith('happy') || token.startsWith('curious'))).toEqual([
            'happy enumMember declaration', 'happy enumMember', 'curious enumMember readonly,defaultLibrary'
        ]);
        const { workspace } = await loadFiles({ 'a.cjm': text });
        const library = workspace.services.shared.workspace.LangiumDocuments.getDocument(workspace.services.builtins.Library.uri)!;
        const builtins = await tokensOf(workspace.services.lsp.SemanticTokenProvider!, library);
        expect(builtins).toContain('delighted enumMember declaration,readonly,defaultLibrary');
        expect(builtins).toContain('web interface declaration,readonly,defaultLibrary');
    });

    test('requests for two documents at once do not mix their tokens', async () => {
        const a = 'persona ana "Ana"\n';
        const b = 'team ops "Operations"\nchannel kiosk "Kiosk"\n';
        const { workspace, documents } = await loadFiles({ 'a.cjm': a, 'b.cjm': b });
        const provider = workspace.services.lsp.SemanticTokenProvider!;
        const [together, alone] = [await Promise.all([tokensOf(provider, documents['a.cjm']), tokensOf(provider, documents['b.cjm'])]), [await tokensOf(provider, documents['a.cjm']), await tokensOf(provider, documents['b.cjm'])]];
        expect(together).toEqual(alone);
        expect(alone[1]).toEqual(['team keyword', 'ops enum declaration', '"Operations" string', 'channel keyword', 'kiosk interface declaration', '"Kiosk" string']);
    });
});
