import type { AstNode, CstNode, DocumentSegment, LangiumDocument, ReferenceDescription } from 'langium';
import { Cancellation, DefaultReferenceDescriptionProvider, interruptAndCheck, isReference, UriUtils } from 'langium';
import { CANCELLATION_STRIDE } from '../cjm-linker.js';
import { astContents } from './ast-contents.js';

/**
 * Langium's reference index entries for a document, from its list of references (see
 * `astContents`), with each container's path computed once and each segment's range read from the
 * CST when asked for (find references, rename) instead of being stored as four more objects per
 * reference. The entries say what Langium's provider's say.
 */
export class CjmReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const references = astContents(document.parseResult.value).references;
        const sourceUri = document.uri;
        const paths = new Map<AstNode, string>();
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
            let sourcePath = paths.get(info.container);
            if (sourcePath === undefined) {
                sourcePath = this.nodeLocator.getAstNodePath(info.container);
                paths.set(info.container, sourcePath);
            }
            descriptions.push({
                sourceUri,
                sourcePath,
                targetUri: target.documentUri,
                targetPath: target.path,
                segment: new ReferenceSegment(reference.$refNode),
                local: target.documentUri === sourceUri || UriUtils.equals(target.documentUri, sourceUri)
            });
        }
        return descriptions;
    }
}

/** Where a reference is, read from its CST node on demand. */
class ReferenceSegment implements DocumentSegment {
    constructor(private readonly node: CstNode) {}

    get offset(): number {
        return this.node.offset;
    }

    get end(): number {
        return this.node.end;
    }

    get length(): number {
        return this.node.end - this.node.offset;
    }

    get range(): DocumentSegment['range'] {
        return this.node.range;
    }
}
