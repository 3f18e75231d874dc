// Mirrors Langium 4.4's `DefaultIndexManager` (`findAllReferences`, `isAffected`); equality: test/workspace/index-manager.test.ts, test/workspace/langium-equality.test.ts.
import type { AstNode, LangiumDocument, ReferenceDescription, Stream, URI } from 'langium';
import { AstUtils, Cancellation, DefaultIndexManager, stream } from 'langium';

/**
 * Langium's index, with the references also kept by their target, so that finding the references
 * to an element (find references, rename, the `unused-persona` check of every persona) and finding
 * the documents a change affects look up the target instead of scanning every reference in the
 * workspace. Results come in Langium's order: by document in index order, then as each document
 * lists them.
 */
export class CjmIndexManager extends DefaultIndexManager {
    /** Changes whenever a document's exported names are indexed anew or removed. */
    contentVersion = 0;

    override async updateContent(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        await super.updateContent(document, cancelToken);
        this.contentVersion++;
    }

    override removeContent(uri: URI): void {
        super.removeContent(uri);
        this.contentVersion++;
    }

    /** Target document → target path → referring document → its references to that element. */
    private readonly byTarget = new Map<string, Map<string, Map<string, ReferenceDescription[]>>>();

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        const bySource = this.byTarget.get(AstUtils.getDocument(targetNode).uri.toString())?.get(astNodePath);
        if (!bySource) {
            return stream([]);
        }
        const result: ReferenceDescription[] = [];
        for (const uri of this.referenceIndex.keys()) {
            const references = bySource.get(uri);
            if (references) {
                result.push(...references);
            }
        }
        return stream(result);
    }

    /**
     * Whether the document refers to an element of a changed document (other than itself): asked
     * for every document on every keystroke, so it looks the changed documents up instead of
     * scanning the document's references.
     */
    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        const source = document.uri.toString();
        for (const changed of changedUris) {
            if (changed === source) {
                continue;
            }
            for (const bySource of this.byTarget.get(changed)?.values() ?? []) {
                if (bySource.has(source)) {
                    return true;
                }
            }
        }
        return false;
    }

    override async updateReferences(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const services = this.serviceRegistry.getServices(document.uri);
        const references = await services.workspace.ReferenceDescriptionProvider.createDescriptions(document, cancelToken);
        const uri = document.uri.toString();
        this.forgetTargets(uri);
        this.referenceIndex.set(uri, references);
        for (const reference of references) {
            const targetUri = reference.targetUri.toString();
            let byPath = this.byTarget.get(targetUri);
            if (!byPath) {
                byPath = new Map();
                this.byTarget.set(targetUri, byPath);
            }
            let bySource = byPath.get(reference.targetPath);
            if (!bySource) {
                bySource = new Map();
                byPath.set(reference.targetPath, bySource);
            }
            const fromHere = bySource.get(uri);
            if (fromHere) {
                fromHere.push(reference);
            } else {
                bySource.set(uri, [reference]);
            }
        }
    }

    override removeReferences(uri: URI): void {
        this.forgetTargets(uri.toString());
        super.removeReferences(uri);
    }

    private forgetTargets(uri: string): void {
        for (const reference of this.referenceIndex.get(uri) ?? []) {
            const targetUri = reference.targetUri.toString();
            const byPath = this.byTarget.get(targetUri);
            const bySource = byPath?.get(reference.targetPath);
            if (bySource?.delete(uri) && bySource.size === 0) {
                byPath!.delete(reference.targetPath);
                if (byPath!.size === 0) {
                    this.byTarget.delete(targetUri);
                }
            }
        }
    }
}
