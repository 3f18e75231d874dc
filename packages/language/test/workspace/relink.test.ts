import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reference } from 'langium';
import { AstUtils, isReference } from 'langium';
import { expect, test } from 'vitest';
import type { Persona } from '../../src/generated/ast.js';
import { isPersonaList } from '../../src/generated/ast.js';
import { loadFiles } from '../test-workspace.js';
import { editAsEditor } from '../validation/editor-edits.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const read = (name: string) => readFileSync(EXAMPLES + name, 'utf8');

test('after the persona library changes, references in other files resolve to its new elements', async () => {
    const { workspace, documents } = await loadFiles({ 'personas.cjm': read('personas.cjm'), 'checkout.cjm': read('checkout.cjm') });
    const personaRefs = () => AstUtils.streamAst(workspace.document('file:///ws/checkout.cjm')!.parseResult.value)
        .filter(isPersonaList).flatMap(list => list.personas).toArray() as Array<Reference<Persona>>;
    const [first] = personaRefs();
    const before = first.ref!;
    expect(AstUtils.getDocument(before).uri.toString()).toBe('file:///ws/personas.cjm');

    // A new title for the persona: the library is parsed again, so its nodes are new objects.
    const library = documents['personas.cjm'].textDocument.getText();
    const title = /persona \w+ "([^"]*)"/.exec(library)![1];
    await editAsEditor(workspace, 'personas.cjm', library.replace(`"${title}"`, '"Renamed in the library"'));
    const after = personaRefs().find(ref => ref.$refText === first.$refText)!;
    expect(after.ref).not.toBe(before);
    expect(after.ref!.title).toBe('Renamed in the library');
    expect(after.error).toBeUndefined();
    expect(isReference(after)).toBe(true);
    expect(after.$nodeDescription?.name).toBe(first.$refText);
});

test('update: a removed library leaves its references unresolved, and a library added elsewhere resolves them again', async () => {
    // The insights the checkout map names as evidence stay where they are: only the persona library moves.
    const { workspace } = await loadFiles({ 'personas.cjm': read('personas.cjm'), 'insights.cjm': read('insights.cjm'), 'checkout.cjm': read('checkout.cjm') });
    const maya = () => AstUtils.streamAst(workspace.document('file:///ws/checkout.cjm')!.parseResult.value)
        .filter(isPersonaList).flatMap(list => list.personas).head() as Reference<Persona>;
    await workspace.update([], ['file:///ws/personas.cjm']);
    expect(workspace.document('file:///ws/personas.cjm')).toBeUndefined();
    expect(maya().ref).toBeUndefined();
    expect(workspace.diagnostics('file:///ws/checkout.cjm').map(d => d.code)).toContain('linking-error');
    await workspace.update([{ uri: 'file:///ws/lib/people.cjm', text: read('personas.cjm') }], []);
    expect(AstUtils.getDocument(maya().ref!).uri.toString()).toBe('file:///ws/lib/people.cjm');
    expect(workspace.diagnostics('file:///ws/checkout.cjm').map(d => d.code)).not.toContain('linking-error');
});
