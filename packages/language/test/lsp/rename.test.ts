import { describe, expect, test } from 'vitest';
import type { Position, WorkspaceEdit } from 'vscode-languageserver';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { applyWorkspaceEdit, fixture, loadFiles } from '../test-workspace.js';

const uri = (name: string) => `file:///ws/${name}`;

/** The position of the `nth` occurrence (0-based) of `needle` in a loaded file, plus `shift` characters. */
function positionOf(workspace: CjmWorkspace, name: string, needle: string, nth = 0, shift = 0): Position {
    const document = workspace.document(uri(name))!;
    const text = document.textDocument.getText();
    let offset = -1;
    for (let i = 0; i <= nth; i++) {
        offset = text.indexOf(needle, offset + 1);
    }
    expect(offset).toBeGreaterThanOrEqual(0);
    return document.textDocument.positionAt(offset + shift);
}

async function rename(workspace: CjmWorkspace, name: string, position: Position, newName: string): Promise<WorkspaceEdit | undefined> {
    const document = workspace.document(uri(name))!;
    return workspace.services.lsp.RenameProvider!.rename(document, { textDocument: { uri: uri(name) }, position, newName });
}

const SPEC = { 'personas.cjm': fixture('spec/personas.cjm'), 'checkout.cjm': fixture('spec/checkout.cjm') };

describe('rename', () => {
    test('renaming a persona in personas.cjm updates checkout.cjm, and everything still links', async () => {
        const { workspace } = await loadFiles(SPEC);
        const edit = await rename(workspace, 'personas.cjm', positionOf(workspace, 'personas.cjm', 'maya', 0, 1), 'maya-k');
        expect(Object.keys(edit!.changes!).sort()).toEqual([uri('checkout.cjm'), uri('personas.cjm')]);
        const { texts, fixed } = await applyWorkspaceEdit(workspace, edit!);
        expect(texts['personas.cjm']).toContain('persona maya-k "Maya, busy parent" {');
        expect(texts['checkout.cjm']).toContain('  persona maya-k\n');
        expect(texts['checkout.cjm']).not.toMatch(/\bmaya\b(?!-)/);
        expect(fixed.diagnostics(uri('checkout.cjm'))).toEqual([]);
    });

    test('renaming from a reference in another file renames the declaration too', async () => {
        const { workspace } = await loadFiles(SPEC);
        const edit = await rename(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'owner marketing', 0, 'owner '.length), 'growth');
        const { texts, fixed } = await applyWorkspaceEdit(workspace, edit!);
        expect(texts['personas.cjm']).toContain('team growth "Marketing"');
        expect(texts['checkout.cjm'].match(/owner growth/g)).toHaveLength(3);
        expect(fixed.diagnostics(uri('checkout.cjm'))).toEqual([]);
    });

    test('a touchpoint is renamed in its scenario paths', async () => {
        const { workspace } = await loadFiles(SPEC);
        const edit = await rename(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'touchpoint pay', 0, 'touchpoint '.length), 'payment');
        const { texts, fixed } = await applyWorkspaceEdit(workspace, edit!);
        expect(texts['checkout.cjm']).toContain('path ad -> payment -> review');
        expect(fixed.diagnostics(uri('checkout.cjm'))).toEqual([]);
    });

    test('a built-in cannot be renamed, from a use or from builtins.cjm, and prepareRename says so', async () => {
        const { workspace } = await loadFiles(SPEC);
        const position = positionOf(workspace, 'checkout.cjm', 'feels frustrated', 0, 'feels '.length);
        await expect(rename(workspace, 'checkout.cjm', position, 'upset')).rejects.toThrow(/built into CJM/);
        const document = workspace.document(uri('checkout.cjm'))!;
        expect(await workspace.services.lsp.RenameProvider!.prepareRename(document, { textDocument: { uri: uri('checkout.cjm') }, position })).toBeUndefined();
        const library = workspace.services.builtins.Library;
        const builtins = workspace.services.shared.workspace.LangiumDocuments.getDocument(library.uri)!;
        const inLibrary = builtins.textDocument.positionAt(library.text.indexOf('source interviews') + 'source '.length);
        await expect(workspace.services.lsp.RenameProvider!.rename(builtins, { textDocument: { uri: library.uri.toString() }, position: inLibrary, newName: 'talks' })).rejects.toThrow(/built into CJM/);
    });

    test('a user declaration that shadows a built-in is renamed without touching the built-in', async () => {
        const { workspace } = await loadFiles(SPEC);
        const edit = await rename(workspace, 'personas.cjm', positionOf(workspace, 'personas.cjm', 'channel app', 0, 'channel '.length), 'mobile-app');
        expect(Object.keys(edit!.changes!)).toEqual([uri('personas.cjm')]);
        expect(edit!.changes![uri('personas.cjm')]).toHaveLength(1);
    });

    test('prepareRename offers the name under the cursor for a user declaration and its uses', async () => {
        const { workspace } = await loadFiles(SPEC);
        const document = workspace.document(uri('checkout.cjm'))!;
        const position = positionOf(workspace, 'checkout.cjm', 'persona maya', 0, 'persona m'.length);
        const range = await workspace.services.lsp.RenameProvider!.prepareRename(document, { textDocument: { uri: uri('checkout.cjm') }, position });
        expect(range && document.textDocument.getText(range)).toBe('maya');
    });

    test('an invalid new name or one already taken is refused', async () => {
        const { workspace } = await loadFiles(SPEC);
        const position = positionOf(workspace, 'personas.cjm', 'team support', 0, 'team '.length);
        await expect(rename(workspace, 'personas.cjm', position, 'customer support')).rejects.toThrow(/not a valid name/);
        await expect(rename(workspace, 'personas.cjm', position, 'product')).rejects.toThrow(/already exists/);
    });
});
