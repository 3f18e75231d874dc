import type { AstNode, AstNodeLocator, CstNode, DocumentSegment, LangiumDocument, ReferenceDescription } from 'langium';
import { Cancellation, DefaultReferenceDescriptionProvider, interruptAndCheck, isReference, UriUtils } from 'langium';
import { CANCELLATION_STRIDE } from '../cjm-linker.js';
import { astContents } from './ast-contents.js';
import { CjmAstNodeLocator } from './cjm-ast-node-locator.js';

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
            const sourcePath = pathOf(info.container, paths, this.nodeLocator);
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

/**
 * The locator's path of a node, from its container's (each computed once per document): a touchpoint's
 * path serves all its references. Joined, not concatenated, so the path is one flat string.
 */
function pathOf(node: AstNode, paths: Map<AstNode, string>, locator: AstNodeLocator): string {
    if (!(locator instanceof CjmAstNodeLocator)) {
        return locator.getAstNodePath(node);
    }
    let path = paths.get(node);
    if (path === undefined) {
        const container = node.$container;
        path = container ? [pathOf(container, paths, locator), locator.pathStep(node)].join('') : '';
        paths.set(node, path);
    }
    return path;
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
