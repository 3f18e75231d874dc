import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstNode, ReferenceDescription } from 'langium';
import { AstUtils, DefaultIndexManager } from 'langium';
import { describe, expect, test } from 'vitest';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { loadFiles } from '../test-workspace.js';
import { deleteAsEditor, editAsEditor } from '../validation/editor-edits.js';

/**
 * The index keeps references by target too; whatever the edits, finding the references to any
 * element must give exactly what Langium's scan of every reference gives, in the same order.
 */
const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const files = Object.fromEntries(readdirSync(EXAMPLES).filter(name => name.endsWith('.cjm')).map(name => [name, readFileSync(EXAMPLES + name, 'utf8')]));

function plain(references: ReferenceDescription[]): unknown[] {
    return references.map(r => [r.sourceUri.toString(), r.sourcePath, r.targetUri.toString(), r.targetPath, r.segment.offset, r.segment.end, r.segment.range, r.local]);
}

/** Compares both ways of finding references for every node of every document; returns how many were found. */
function expectSameAsLangium(workspace: CjmWorkspace): number {
    const index = workspace.services.shared.workspace.IndexManager;
    const locator = workspace.services.workspace.AstNodeLocator;
    let found = 0;
    for (const document of workspace.services.shared.workspace.LangiumDocuments.all) {
        for (const node of AstUtils.streamAst(document.parseResult.value as AstNode)) {
            const path = locator.getAstNodePath(node);
            const ours = index.findAllReferences(node, path).toArray();
            const langiums = DefaultIndexManager.prototype.findAllReferences.call(index, node, path).toArray();
            expect(plain(ours)).toEqual(plain(langiums));
            found += ours.length;
        }
    }
    // Which documents a change affects (what the builder relinks), for every document changed alone and all together.
    const documents = workspace.services.shared.workspace.LangiumDocuments.all.toArray();
    const uris = documents.map(document => document.uri.toString());
    for (const changed of [...uris.map(uri => new Set([uri])), new Set(uris)]) {
        for (const document of documents) {
            expect(index.isAffected(document, changed), `${document.uri} after ${[...changed]}`).toBe(DefaultIndexManager.prototype.isAffected.call(index, document, changed));
        }
    }
    return found;
}

describe('finding references by target', () => {
    test('gives Langium\'s results, and the documents a change affects, through loads, edits and deletions', async () => {
        const { workspace } = await loadFiles(files);
        expect(expectSameAsLangium(workspace)).toBeGreaterThan(100);

        // A map stops naming a persona and names another; a reference to a team is removed.
        const checkout = files['checkout.cjm'];
        const persona = /persona (\w+)/.exec(checkout)![1];
        const owner = /owner (\w[\w-]*)/.exec(checkout)![0];
        await editAsEditor(workspace, 'checkout.cjm', checkout.replace(`persona ${persona}`, 'persona nobody-yet').replace(owner, ''));
        expectSameAsLangium(workspace);

        await deleteAsEditor(workspace, 'onboarding.cjm');
        expectSameAsLangium(workspace);

        await editAsEditor(workspace, 'onboarding.cjm', files['onboarding.cjm']);
        await editAsEditor(workspace, 'checkout.cjm', checkout);
        expect(expectSameAsLangium(workspace)).toBeGreaterThan(100);
    });
});
