import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstNode, AstNodeDescription, LangiumDocument, ReferenceDescription, ValidationAcceptor, ValidationOptions } from 'langium';
import {
    AstUtils, Cancellation, DefaultAstNodeDescriptionProvider, DefaultAstNodeLocator, DefaultDocumentValidator, DefaultIndexManager,
    DefaultLinker, DefaultReferenceDescriptionProvider, ValidationRegistry
} from 'langium';
import { describe, expect, test } from 'vitest';
import type { CjmServices } from '../../src/cjm-module.js';
import { CjmDocumentValidator } from '../../src/validation/cjm-document-validator.js';
import { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { createServicesWith, createTestWorkspace, FIXTURES } from '../test-workspace.js';

// The services CJM overrides for speed (linker, node locator, description and reference
// providers, index manager, validation registry, the document validator's walk) against Langium
// 4.4's own: the same workspaces give the same links, index entries and diagnostics.

/** CJM's document validator walking the tree as Langium's does (a stream, every check awaited). */
class StreamingDocumentValidator extends CjmDocumentValidator {
    protected override validateAstNodes(root: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        return DefaultDocumentValidator.prototype['validateAstNodes'].call(this, root, options, acceptor, cancelToken);
    }
}

/** CJM's services with Langium's in place of every override that exists for speed. */
function langiumServices(): CjmServices {
    return createServicesWith({
        shared: { workspace: { IndexManager: (services) => new DefaultIndexManager(services) } },
        language: {
            references: { Linker: (services) => new DefaultLinker(services) },
            workspace: {
                AstNodeLocator: () => new DefaultAstNodeLocator(),
                AstNodeDescriptionProvider: (services) => new DefaultAstNodeDescriptionProvider(services),
                ReferenceDescriptionProvider: (services) => new DefaultReferenceDescriptionProvider(services)
            },
            validation: {
                ValidationRegistry: (services) => new ValidationRegistry(services),
                DocumentValidator: (services) => new StreamingDocumentValidator(services as CjmServices)
            }
        }
    });
}

function cjmFiles(folder: string): Array<[string, string]> {
    return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(name => name.endsWith('.cjm'))
        .map(name => [name.replaceAll('/', '-'), readFileSync(folder + name, 'utf8')]);
}

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

/** Workspaces to compare: the examples, every fixture (errors, hostile text) and both together. */
const WORKSPACES: Record<string, Array<[string, string]>> = {
    examples: cjmFiles(EXAMPLES),
    fixtures: cjmFiles(FIXTURES)
};

function plainDescription(d: AstNodeDescription): unknown {
    return [d.name, d.type, d.documentUri.toString(), d.path, d.nameSegment, d.selectionSegment];
}

function plainReference(r: ReferenceDescription): unknown {
    return [r.sourceUri.toString(), r.sourcePath, r.targetUri.toString(), r.targetPath, r.segment.offset, r.segment.end, r.segment.range, r.local];
}

/** What a user sees of a workspace: diagnostics, where each reference leads, the index's entries. */
function observed(services: CjmServices, documents: LangiumDocument[]): unknown {
    const shared = services.shared.workspace;
    return {
        diagnostics: documents.map(document => (document.diagnostics ?? []).map(d => [d.severity, d.code, d.message, d.range])),
        links: documents.map(document => AstUtils.streamAst(document.parseResult.value).flatMap(node => AstUtils.streamReferences(node))
            .map(({ reference }) => {
                const target = reference.ref;
                return [reference.$refText, target ? [AstUtils.getDocument(target).uri.toString(), services.workspace.AstNodeLocator.getAstNodePath(target)] : reference.error?.message];
            }).toArray()),
        exported: shared.IndexManager.allElements().map(plainDescription).toArray(),
        local: documents.map(document => [...document.localSymbols?.getStream().map(plainDescription) ?? []]),
        referenceEntries: documents.map(document => (shared.IndexManager as unknown as { referenceIndex: Map<string, ReferenceDescription[]> })
            .referenceIndex.get(document.uri.toString())?.map(plainReference))
    };
}

async function load(services: CjmServices, files: Array<[string, string]>): Promise<LangiumDocument[]> {
    return new CjmWorkspace(services).load(files.map(([name, text]) => ({ uri: `file:///ws/${name}`, text })));
}

describe('the overrides for speed against Langium 4.4', () => {
    for (const [name, files] of Object.entries(WORKSPACES)) {
        test(`${name}: the same diagnostics, links and index as Langium's services`, async () => {
            const cjm = createTestWorkspace().services;
            const langium = langiumServices();
            const ours = observed(cjm, await load(cjm, files));
            const theirs = observed(langium, await load(langium, files));
            expect(ours).toEqual(theirs);
            expect((ours as { diagnostics: unknown[][] }).diagnostics.flat().length).toBeGreaterThan(0);
        });
    }
});
