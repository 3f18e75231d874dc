// Mirrors Langium 4.4's `DefaultReferenceDescriptionProvider.createDescriptions`; equality: test/workspace/langium-equality.test.ts.
import type { AstNode, AstNodeLocator, CstNode, DocumentSegment, LangiumDocument, ReferenceDescription, URI } from 'langium';
import { Cancellation, CstUtils, DefaultReferenceDescriptionProvider, interruptAndCheck, isReference, UriUtils } from 'langium';
import type { CjmServices } from '../cjm-module.js';
import type { CjmAstContents } from '../parser/ast-contents.js';
import { CANCELLATION_STRIDE } from '../parser/ast-contents.js';

/**
 * Langium's reference index entries for a document, from its list of references (see
 * `CjmAstContents`). What the index looks references up by (the target, and whether it is in the
 * same file) is set at once; the referring element's path and the reference's place in the text
 * are read when asked for (find references, rename), which most entries never are: at 10,000
 * touchpoints that spared fifty thousand paths and segments per build. The entries say what
 * Langium's provider's say.
 */
export class CjmReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    protected readonly astContents: CjmAstContents;

    constructor(services: CjmServices) {
        super(services);
        this.astContents = services.parser.AstContents;
    }

    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const references = this.astContents.of(document.parseResult.value).references;
        const sourceUri = document.uri;
        for (let i = 0; i < references.length; i++) {
            if (i % CANCELLATION_STRIDE === 0) {
                await interruptAndCheck(cancelToken);
            }
            const info = references[i];
            const reference = info.reference;
            if (!isReference(reference)) {
                descriptions.push(...this.createInfoDescriptions(info));
                continue;
            }
            const target = reference.error ? undefined : reference.$nodeDescription;
            if (!target || !reference.$refNode) {
                continue;
            }
            const local = target.documentUri === sourceUri || UriUtils.equals(target.documentUri, sourceUri);
            descriptions.push(new IndexedReference(sourceUri, target.documentUri, target.path, local, info.container, reference.$refNode, this.nodeLocator));
        }
        return descriptions;
    }
}

/** One entry of the reference index: the path of its source and its segment are computed on first use. */
class IndexedReference implements ReferenceDescription {
    private path: string | undefined;

    constructor(readonly sourceUri: URI, readonly targetUri: URI, readonly targetPath: string, readonly local: boolean,
        private readonly container: AstNode, private readonly refNode: CstNode, private readonly locator: AstNodeLocator) {}

    get sourcePath(): string {
        return this.path ??= this.locator.getAstNodePath(this.container);
    }

    get segment(): DocumentSegment {
        return CstUtils.toDocumentSegment(this.refNode);
    }
}
