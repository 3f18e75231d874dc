import { describe, expect, test } from 'vitest';
import type { Location, LocationLink, Position } from 'vscode-languageserver';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { fixture, loadFiles } from '../test-workspace.js';

const uri = (name: string) => `file:///ws/${name}`;

function positionOf(workspace: CjmWorkspace, name: string, needle: string, shift: number): Position {
    const document = workspace.document(uri(name))!;
    const offset = document.textDocument.getText().indexOf(needle);
    expect(offset).toBeGreaterThanOrEqual(0);
    return document.textDocument.positionAt(offset + shift);
}

async function definition(workspace: CjmWorkspace, name: string, position: Position): Promise<LocationLink[]> {
    const document = workspace.document(uri(name))!;
    return (await workspace.services.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri: uri(name) }, position })) ?? [];
}

async function references(workspace: CjmWorkspace, name: string, position: Position, includeDeclaration = true): Promise<Location[]> {
    const document = workspace.document(uri(name))!;
    return workspace.services.lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri: uri(name) }, position, context: { includeDeclaration } });
}

/** The text a location points at. */
function textAt(workspace: CjmWorkspace, location: { uri: string; range: Location['range'] }): string {
    const document = workspace.services.shared.workspace.LangiumDocuments.all.find(d => d.uri.toString() === location.uri)!;
    return document.textDocument.getText(location.range);
}

const SPEC = { 'personas.cjm': fixture('spec/personas.cjm'), 'checkout.cjm': fixture('spec/checkout.cjm') };

describe('navigation across files', () => {
    test('go to definition of a persona jumps into personas.cjm', async () => {
        const { workspace } = await loadFiles(SPEC);
        const [link] = await definition(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'persona maya', 'persona m'.length));
        expect(link.targetUri).toBe(uri('personas.cjm'));
        expect(textAt(workspace, { uri: link.targetUri, range: link.targetSelectionRange })).toBe('maya');
    });

    test('go to definition of a built-in emotion opens builtins.cjm, a real file on disk', async () => {
        const { workspace } = await loadFiles(SPEC);
        const [link] = await definition(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'feels frustrated', 'feels f'.length));
        const library = workspace.services.builtins.Library;
        expect(link.targetUri).toBe(library.uri.toString());
        expect(link.targetUri).toMatch(/^file:\/\/.*builtins\.cjm$/);
        expect(textAt(workspace, { uri: link.targetUri, range: link.targetRange })).toMatch(/^frustrated\s+-2$/);
    });

    test('a user declaration that overrides a built-in wins: `channel app` goes to personas.cjm, `overwhelmed` to checkout.cjm', async () => {
        const { workspace } = await loadFiles({
            ...SPEC,
            'checkout.cjm': SPEC['checkout.cjm'].replace('channel web\n      feels delighted', 'channel app\n      feels overwhelmed')
        });
        const [channel] = await definition(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'channel app', 'channel a'.length));
        expect(channel.targetUri).toBe(uri('personas.cjm'));
        const [emotion] = await definition(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'feels overwhelmed', 'feels o'.length));
        expect(emotion.targetUri).toBe(uri('checkout.cjm'));
        expect(emotion.targetSelectionRange.start.line).toBe(2);
    });

    test('find references of a team lists its uses in checkout.cjm and its declaration', async () => {
        const { workspace } = await loadFiles(SPEC);
        const found = await references(workspace, 'personas.cjm', positionOf(workspace, 'personas.cjm', 'team product', 'team p'.length));
        const byFile = found.map(location => `${location.uri.replace('file:///ws/', '')}:${location.range.start.line + 1}:${textAt(workspace, location)}`);
        expect(byFile.sort()).toEqual([
            'checkout.cjm:37:product',
            'checkout.cjm:49:product',
            'checkout.cjm:62:product',
            'personas.cjm:18:product'
        ]);
        const usesOnly = await references(workspace, 'personas.cjm', positionOf(workspace, 'personas.cjm', 'team product', 'team p'.length), false);
        expect(usesOnly.every(location => location.uri === uri('checkout.cjm'))).toBe(true);
    });

    test('find references of a built-in channel finds its uses in every file', async () => {
        const { workspace } = await loadFiles({ ...SPEC, 'other.cjm': 'journey other {\n  stage s {\n    touchpoint t {\n      channel web\n    }\n  }\n}\n' });
        const found = await references(workspace, 'other.cjm', positionOf(workspace, 'other.cjm', 'channel web', 'channel w'.length), false);
        const files = found.map(location => location.uri.replace('file:///ws/', ''));
        expect(files.filter(file => file === 'checkout.cjm')).toHaveLength(3);
        expect(files.filter(file => file === 'other.cjm')).toHaveLength(1);
    });
});
